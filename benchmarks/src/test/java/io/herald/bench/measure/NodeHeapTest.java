package io.herald.bench.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The heap in use as {@code jcmd PID GC.heap_info} reports it, for each collector's layout. */
class NodeHeapTest {

    @Test
    void theGenerationsOfSerialAndParallelAddUpAndTheMetaspaceDoesNotCount() {
        String serial = String.join("\n",
                "12345:",
                " def new generation   total 9216K, used 3530K [0x00000000f0000000, 0x00000000f0a00000)",
                "  eden space 8192K,  43% used [0x00000000f0000000, 0x00000000f0372808)",
                " tenured generation   total 20480K, used 10134K [0x00000000f0a00000, 0x00000000f1e00000)",
                " Metaspace       used 6134K, committed 6336K, reserved 1056768K",
                "  class space    used 523K, committed 640K, reserved 1048576K");
        String parallel = String.join("\n",
                " PSYoungGen      total 76288K, used 3932K [0x000000076ab00000, 0x0000000770000000)",
                " ParOldGen       total 175104K, used 100K [0x00000006c0000000, 0x00000006cab00000)");

        assertThat(NodeHeap.usedBytes(serial)).isEqualTo((3530 + 10134) * 1024L);
        assertThat(NodeHeap.usedBytes(parallel)).isEqualTo((3932 + 100) * 1024L);
    }

    @Test
    void g1ReportsOneHeapAndNothingReadIsUnknown() {
        assertThat(NodeHeap.usedBytes(" garbage-first heap   total 262144K, used 23456K [0x00000000f0000000)\n"
                + "  region size 1024K, 3 young (3072K), 0 survivors (0K)")).isEqualTo(23456 * 1024L);
        assertThat(NodeHeap.usedBytes("12345:\nCommand executed successfully")).isEqualTo(-1);
    }

    @Test
    void aNodeThatIsNotHereHasNoHeapToRead() {
        assertThat(new NodeHeap(0).liveBytes()).isEqualTo(-1);
    }
}
