package io.jgrad.examples.mnist;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mnist} command line: {@code train}, {@code evaluate} and {@code predict}.
 * Mistakes in arguments or files end with a one-line message and a non-zero exit status,
 * not a stack trace.
 */
@Command(name = "mnist", mixinStandardHelpOptions = true, version = "jgrad mnist-example 0.1.0",
        description = "Train, evaluate and run an MNIST digit classifier built on jgrad.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class})
public final class Main implements Runnable {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its status; {@code train} runs in a JVM of its own
     * when this one has no collector settings (see {@link TrainingJvm}).
     */
    public static void main(String[] args) throws InterruptedException {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            // Without it the first tensor fails with NoClassDefFoundError deep in a stack trace.
            System.err.println("error: jgrad runs on the Vector API: start java (25) with --add-modules " + VECTOR_MODULE);
            System.exit(1);
        }
        Optional<Integer> relaunched = TrainingJvm.run(args);
        int status;
        try {
            status = relaunched.isPresent() ? relaunched.get() : commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.printf("error: out of memory with a heap of at most %d MB; try a smaller model or batch size,"
                    + " or start java with a larger -Xmx%n", Runtime.getRuntime().maxMemory() >> 20);
            status = 1;
        }
        System.exit(status);
    }

    /**
     * The one line printed for a failure. A file system exception's own message is often just
     * a path; this adds what went wrong with it.
     */
    static String describe(Throwable e) {
        if (e instanceof FileSystemException f && f.getReason() == null) {
            return f.getMessage() + ": " + reason(f);
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** What went wrong, without the path: for a message that names the file its own way. */
    static String reason(IOException e) {
        if (!(e instanceof FileSystemException f)) {
            return describe(e);
        }
        if (f.getReason() != null) {
            return f.getReason();
        }
        return switch (f) {
            case NoSuchFileException missing -> "no such file or directory";
            case AccessDeniedException denied -> "permission denied";
            case FileAlreadyExistsException exists -> "already exists";
            case NotDirectoryException notDirectory -> "not a directory";
            case DirectoryNotEmptyException notEmpty -> "directory not empty";
            default -> f.getClass().getSimpleName();
        };
    }

    /** The configured command line, for running it without exiting (tests). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + describe(e));
            return 1;
        });
        // One line instead of picocli's message followed by the whole usage text.
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            String suggestion = "";
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                suggestion = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
            }
            // Some of picocli's messages start with "Error: " themselves.
            String message = e.getMessage().startsWith("Error: ") ? e.getMessage().substring(7) : e.getMessage();
            command.getErr().println("error: " + message + suggestion + " (see '"
                    + command.getCommandSpec().qualifiedName() + " --help')");
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: train, evaluate or predict");
    }
}
