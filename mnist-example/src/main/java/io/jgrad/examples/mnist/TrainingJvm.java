package io.jgrad.examples.mnist;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs {@code train} in a second JVM with collector settings that suit training, when the
 * first was started without any.
 *
 * <p>A training step allocates activations and gradients of several MB and drops them at the
 * next step. Under the default collector, G1, arrays this large are allocated outside the
 * young generation and every few of them start a concurrent marking cycle, which competes
 * with the two compute threads: the CNN's first epoch took 62–72 s and its resident set grew
 * to 1.1–1.5 GB (2.4–6.3 GB when the convolution still built the batch's columns). With the
 * parallel collector and an 800 MB heap, committed from the start rather than grown during
 * the first epoch, the same epoch took 43.2 s in 0.80 GB, and the MLP trained in 0.66 GB
 * instead of 0.9–1.1 GB. These are JVM options, which a running JVM cannot take and a jar's
 * manifest cannot give, so {@code train} starts a JVM that has them; the first JVM only
 * waits for it (about 48 MB).
 *
 * <p>Nothing is relaunched when the JVM was given a heap size, a collector, a debugger, an
 * agent or a flight recording, or {@code -Djgrad.trainingJvm=off}.
 */
final class TrainingJvm {
    /** The options the training JVM gets. */
    static final List<String> OPTIONS = List.of("-XX:+UseParallelGC", "-Xms800m", "-Xmx800m");
    /** Marks the JVM started here, and turns the relaunch off when set by hand. */
    static final String PROPERTY = "jgrad.trainingJvm";

    private TrainingJvm() {
    }

    /**
     * Runs the command in a training JVM if it should have one, and returns that JVM's exit
     * code; empty when this JVM should run the command itself, including when no second JVM
     * could be started.
     */
    static Optional<Integer> run(String[] args) throws InterruptedException {
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!shouldRelaunch(args, jvmOptions, System.getProperty(PROPERTY))) {
            return Optional.empty();
        }
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child;
        try {
            child = new ProcessBuilder(command(java, jvmOptions, System.getProperty("java.class.path"), args))
                    .inheritIO().start();
        } catch (IOException cannotStart) {
            return Optional.empty();
        }
        Thread stopChild = new Thread(child::destroy);
        Runtime.getRuntime().addShutdownHook(stopChild);
        int exit = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(stopChild);
        return Optional.of(exit);
    }

    /** Whether {@code args} run {@code train} in a JVM started with {@code jvmOptions} and no opinion on collectors. */
    static boolean shouldRelaunch(String[] args, List<String> jvmOptions, String property) {
        if (property != null || args.length == 0 || !args[0].equals("train")
                || List.of(args).stream().anyMatch(a -> a.equals("-h") || a.equals("--help") || a.equals("-V")
                        || a.equals("--version"))) {
            return false;
        }
        for (String option : jvmOptions) {
            if (option.startsWith("-Xmx") || option.startsWith("-XX:MaxHeapSize") || option.startsWith("-XX:MaxRAM")
                    || option.matches("-XX:[+-]Use\\w*GC") || instruments(option)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether an option attaches a debugger, an agent or a flight recording to this JVM: that
     * JVM is the one being looked at, and a second would fight it for its port or its file.
     */
    private static boolean instruments(String option) {
        return option.startsWith("-agentlib") || option.startsWith("-agentpath") || option.startsWith("-javaagent")
                || option.startsWith("-Xrunjdwp") || option.startsWith("-XX:StartFlightRecording");
    }

    /** The training JVM's command line: this JVM's options, the training options, then the same main class and arguments. */
    static List<String> command(String java, List<String> jvmOptions, String classPath, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(OPTIONS);
        command.add("-D" + PROPERTY + "=child");
        command.add("-cp");
        command.add(classPath);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }
}
