package io.bertstream.qa.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.config.BertstreamConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * What a training run needs to be reproduced, written into its log: the commit (and whether the tree had changes),
 * the sha256 of every data file, the split, the served retrieval and windowing settings.
 */
public final class TrainingProvenance {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingProvenance() {
    }

    /** One JSON object (a single line). */
    public static String describe(ReaderSplit split, Path dataDir, ReaderFeatures.Settings settings,
                                  BertstreamConfig config) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("commit", git("rev-parse", "HEAD"));
        node.put("uncommitted_changes", !git("status", "--porcelain", "--untracked-files=no").isEmpty());
        ObjectNode data = node.putObject("data_sha256");
        for (String file : split.files()) {
            data.put(file, sha256(dataDir.resolve(file)));
        }
        node.set("validation", JSON.valueToTree(split.validation().stream().sorted().toList()));
        node.set("tuning", JSON.valueToTree(split.tuning().stream().sorted().toList()));
        node.set("retrieval", JSON.valueToTree(settings));
        node.set("qa", JSON.valueToTree(config.withPrefix("qa.")));
        node.set("encoder", JSON.valueToTree(config.withPrefix("model.")));
        return JSON.writeValueAsString(node);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    /** The output of a git command in the working directory, or "unknown" outside a repository. */
    private static String git(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
