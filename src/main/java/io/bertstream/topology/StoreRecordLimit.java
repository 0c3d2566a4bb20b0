package io.bertstream.topology;

import org.apache.kafka.common.serialization.Serializer;

/**
 * Measures a record before it is written to a store whose changelog takes records of at most {@code maxBytes}
 * (key and value): a record the changelog refuses dooms the transaction, and the same input would be read, and
 * refused, again. The caller dead-letters the input instead, with the reason this gives.
 */
final class StoreRecordLimit<V> {

    private final String store;
    private final Serializer<V> serializer;
    private final int maxBytes;

    StoreRecordLimit(String store, Serializer<V> serializer, int maxBytes) {
        this.store = store;
        this.serializer = serializer;
        this.maxBytes = maxBytes;
    }

    /** Why a record of this value with a key of {@code keyBytes} bytes cannot be written, or null if it can. */
    String excess(int keyBytes, V value, String what) {
        long bytes = (long) keyBytes + serializer.serialize(store, value).length;
        return bytes <= maxBytes ? null : what + " would take " + bytes + " bytes in the " + store + " store, more than "
                + "the " + maxBytes + " a changelog record may have";
    }
}
