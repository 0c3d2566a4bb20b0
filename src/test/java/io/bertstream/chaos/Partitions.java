package io.bertstream.chaos;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/** The partition the Java producer's default partitioner gives a String key. */
final class Partitions {

    private Partitions() {
    }

    static int of(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
