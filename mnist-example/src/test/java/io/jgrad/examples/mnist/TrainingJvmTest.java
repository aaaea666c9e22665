package io.jgrad.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingJvmTest {
    private static final List<String> PLAIN = List.of("--add-modules=jdk.incubator.vector", "-Dfile.encoding=UTF-8");

    @Test
    void onlyTrainWithoutCollectorOrHeapSettingsIsRelaunched() {
        assertTrue(TrainingJvm.shouldRelaunch(new String[] {"train", "--model", "cnn"}, PLAIN, null));
        assertFalse(TrainingJvm.shouldRelaunch(new String[] {"evaluate", "--model-file", "m"}, PLAIN, null));
        assertFalse(TrainingJvm.shouldRelaunch(new String[0], PLAIN, null));
        assertFalse(TrainingJvm.shouldRelaunch(new String[] {"train"}, PLAIN, "off"));
        assertFalse(TrainingJvm.shouldRelaunch(new String[] {"train"}, PLAIN, "child"));
        for (String option : List.of("-Xmx2g", "-XX:MaxHeapSize=1g", "-XX:MaxRAMPercentage=50", "-XX:+UseG1GC",
                "-XX:+UseZGC", "-XX:-UseParallelGC", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                "-javaagent:agent.jar", "-XX:StartFlightRecording=filename=run.jfr")) {
            List<String> options = new ArrayList<>(PLAIN);
            options.add(option);
            assertFalse(TrainingJvm.shouldRelaunch(new String[] {"train"}, options, null), option);
        }
        List<String> unrelated = new ArrayList<>(PLAIN);
        unrelated.add("-Xss4m");
        unrelated.add("-XX:+UseCompressedOops");
        assertTrue(TrainingJvm.shouldRelaunch(new String[] {"train"}, unrelated, null));
    }

    @Test
    void theTrainingJvmKeepsThisJvmsOptionsAndAddsItsOwnBeforeTheMainClass() {
        List<String> command = TrainingJvm.command("/jdk/bin/java", PLAIN, "app.jar", new String[] {"train", "--epochs", "2"});
        List<String> expected = new ArrayList<>(List.of("/jdk/bin/java", "--add-modules=jdk.incubator.vector",
                "-Dfile.encoding=UTF-8"));
        expected.addAll(TrainingJvm.OPTIONS);
        expected.addAll(List.of("-Djgrad.trainingJvm=child", "-cp", "app.jar", "io.jgrad.examples.mnist.Main", "train",
                "--epochs", "2"));
        assertEquals(expected, command);
    }

    /** The real relaunch: a bad argument to train is reported by the second JVM, and its status comes back. */
    @Test
    void aRelaunchedTrainReturnsTheSecondJvmsStatusAndOutput() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "train", "--epochs", "-1")
                .redirectErrorStream(true).start();
        String output = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, parent.waitFor(), output);
        assertTrue(output.contains("error: epochs must be at least 1, got -1"), output);
        assertTrue(parent.children().findAny().isEmpty(), "no training JVM is left running");
    }
}
