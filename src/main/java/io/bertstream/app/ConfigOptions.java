package io.bertstream.app;

import io.bertstream.config.BertstreamConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration options every command takes. */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file overriding the built-in defaults (config/application.properties).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one configuration key (repeatable); wins over the file and BERTSTREAM_* variables.")
    Map<String, String> overrides = new LinkedHashMap<>();

    public BertstreamConfig load() {
        return BertstreamConfig.load(file, System.getenv(), overrides);
    }

    /** Loads with extra settings that the command needs, under the user's explicit --set ones. */
    public BertstreamConfig load(Map<String, String> commandDefaults) {
        Map<String, String> merged = new LinkedHashMap<>(commandDefaults);
        merged.putAll(overrides);
        return BertstreamConfig.load(file, System.getenv(), merged);
    }
}
