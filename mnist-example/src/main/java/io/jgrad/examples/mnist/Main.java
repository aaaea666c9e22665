package io.jgrad.examples.mnist;

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
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its status; {@code train} runs in a JVM of its own
     * when this one has no collector settings (see {@link TrainingJvm}).
     */
    public static void main(String[] args) throws InterruptedException {
        Optional<Integer> relaunched = TrainingJvm.run(args);
        System.exit(relaunched.isPresent() ? relaunched.get() : commandLine().execute(args));
    }

    /** The configured command line, for running it without exiting (tests). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        });
        // One line instead of picocli's message followed by the whole usage text.
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            String suggestion = "";
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                suggestion = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
            }
            command.getErr().println("error: " + e.getMessage() + suggestion + " (see '"
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
