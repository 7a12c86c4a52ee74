package io.herald.bench.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcTextTest {

    @Test
    void cpuTimeIsUserPlusSystemTicks() {
        String stat = "11198 (java) S 1 11198 9313 0 -1 4194560 52011 0 3 0 1234 567 0 0 20 0 40 0 437368 "
                + "3815571456 52183 18446744073709551615 1 1 0 0 0 0 0 2 16800972 0 0 0 17 1 0 0 0 0 0";

        assertThat(ProcText.cpuNanos(stat)).isEqualTo((1234 + 567) * 10_000_000L);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "42 (my (odd) name) R 1 42 42 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 1 1 1";

        assertThat(ProcText.cpuNanos(stat)).isEqualTo(10 * 10_000_000L);
    }

    @Test
    void theOpenFileLimitIsTheSoftOne() {
        String limits = "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max cpu time              unlimited            unlimited            seconds   \n"
                + "Max open files            20000                40000                files     \n"
                + "Max locked memory         8388608              8388608              bytes     \n";

        assertThat(ProcText.openFilesLimit(limits)).isEqualTo(20_000);
        assertThat(ProcText.openFilesLimit(limits.replace("20000 ", "unlimited "))).isEqualTo(-1);
        assertThat(ProcText.openFilesLimit("Limit  Soft Limit  Hard Limit  Units\n")).isEqualTo(-1);
    }

    @Test
    void residentMemoryComesFromVmRss() {
        String status = "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t 3815572 kB\n"
                + "VmRSS:\t  208732 kB\nRssAnon:\t  180000 kB\nThreads:\t40\n";

        assertThat(ProcText.rssBytes(status)).isEqualTo(208_732L * 1024);
        assertThat(ProcText.rssBytes("Name:\tkthreadd\n")).isEqualTo(-1);
    }

    @Test
    void findsTheListeningSocketsOfAPort() {
        String tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
                + "inode\n"
                + "   0: 0100007F:46A1 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 408700 1 "
                + "0000000000000000 100 0 0 10 0\n"
                + "   1: 0100007F:46A1 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 408799 1 "
                + "0000000000000000 20 4 30 10 -1\n"
                + "   2: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1592 1 "
                + "0000000000000000 100 0 0 10 0\n";

        // 0x46A1 = 18081; the established connection on the same port (state 01) is not a listener.
        assertThat(ProcText.listeningInodes(tcp, 18081)).containsExactly(408700L);
        assertThat(ProcText.listeningInodes(tcp, 2024)).containsExactly(1592L);
        assertThat(ProcText.listeningInodes(tcp, 9)).isEmpty();
    }

    @Test
    void readsIpv6Tables() {
        String tcp6 = "  sl  local_address                         remote_address                        st tx_queue "
                + "rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 0000000000000000FFFF00000100007F:46A1 00000000000000000000000000000000:0000 0A "
                + "00000000:00000000 00:00000000 00000000     0        0 408700 1 00000000787361b1 100 0 0 10 0\n";

        assertThat(ProcText.listeningInodes(tcp6, 18081)).containsExactly(408700L);
    }

    @Test
    void readsSocketInodesFromDescriptorLinks() {
        assertThat(ProcText.socketInode("socket:[408700]")).isEqualTo(408700);
        assertThat(ProcText.socketInode("/dev/null")).isEqualTo(-1);
        assertThat(ProcText.socketInode("pipe:[12]")).isEqualTo(-1);
    }

    @Test
    void readsTheCpuModelAndMemory() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel\t\t: 1\n"
                + "model name\t: AMD EPYC 7B13 64-Core Processor\nflags\t\t: fpu\n\nprocessor\t: 1\n"
                + "model name\t: AMD EPYC 7B13 64-Core Processor\n";
        String meminfo = "MemTotal:       24684092 kB\nMemFree:        24441344 kB\n";

        assertThat(ProcText.cpuModel(cpuinfo)).isEqualTo("AMD EPYC 7B13 64-Core Processor");
        assertThat(ProcText.cpuModel("")).isEqualTo("unknown");
        assertThat(ProcText.memTotalKiB(meminfo)).isEqualTo(24_684_092L);
    }
}
