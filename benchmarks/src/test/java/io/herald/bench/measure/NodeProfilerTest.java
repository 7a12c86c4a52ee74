package io.herald.bench.measure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NodeProfilerTest {

    @TempDir
    Path dir;

    @Test
    void aNodesNameBecomesAFileName() {
        assertThat(NodeProfiler.fileName("http://127.0.0.1:8081")).isEqualTo("127.0.0.1-8081");
        assertThat(NodeProfiler.fileName("pid 4242")).isEqualTo("pid-4242");
    }

    @Test
    void aNodeInThisProcessIsNotProfiledAndTheNotesSayWhy() throws IOException {
        List<String> notes = new ArrayList<>();
        NodeProfiler profiler = NodeProfiler.of(dir, List.of(new SampledNodes.Node(0, "http://127.0.0.1:8081",
                ProcessHandle.current().pid())), notes);

        profiler.phase("connect");
        profiler.finish();

        assertThat(notes).containsExactly("no profile of http://127.0.0.1:8081: the node runs in this process");
        assertThat(dir).isEmptyDirectory();
    }
}
