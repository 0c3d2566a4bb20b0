package io.bertstream.cli;

import io.bertstream.app.AskCommand;
import io.bertstream.app.BrokerCommand;
import io.bertstream.app.DemoCommand;
import io.bertstream.app.EvalQaCommand;
import io.bertstream.app.ProduceArticleCommand;
import io.bertstream.app.RunCommand;
import io.bertstream.app.TailCommand;
import io.bertstream.app.TrainQaCommand;
import io.bertstream.bench.BenchCommand;
import picocli.CommandLine;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** The {@code bertstream} command line: each sub-command is a small class; this only wires them. */
@Command(name = "bertstream", mixinStandardHelpOptions = true, version = "bertstream 0.1.0",
        description = "Kafka Streams enrichment service: extractive summaries and question answering with ONNX BERT models.",
        subcommands = {RunCommand.class, DemoCommand.class, ProduceArticleCommand.class, AskCommand.class,
                TailCommand.class, BrokerCommand.class, EvalQaCommand.class, TrainQaCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        // DJL's tokenizer library must not probe cloud metadata or report usage: nothing leaves the machine
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.offline", "true");
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + message(e));
                    org.slf4j.LoggerFactory.getLogger(Main.class).debug("Command failed", e);
                    return 1;
                })
                .execute(args);
    }

    /** The failure in one line; a missing file is named as such (NoSuchFileException's message is the bare path). */
    static String message(Throwable e) {
        Throwable io = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (io instanceof NoSuchFileException missing) {
            return "file not found: " + Path.of(missing.getFile()).toAbsolutePath();
        }
        if (io instanceof AccessDeniedException denied) {
            return "permission denied: " + Path.of(denied.getFile()).toAbsolutePath();
        }
        return e.getMessage();
    }
}
