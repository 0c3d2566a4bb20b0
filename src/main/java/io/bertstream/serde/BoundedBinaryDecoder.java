package io.bertstream.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding of one value held in a byte array, that never allocates by a size the value declares
 * before checking it against the bytes that are really there. Avro's own {@link BinaryDecoder} allocates a string
 * or bytes of the declared length first (up to 2 GiB: ten bytes of input were an {@code OutOfMemoryError}); its
 * limits ({@code org.apache.avro.limits.*}) are JVM-wide system properties read once, so they cannot follow
 * {@code max.message.bytes} per decoder. Here:
 * <ul>
 *   <li>a string or bytes length must be at most the bytes left in the value;</li>
 *   <li>arrays and maps: the items of all of them together must be at most the value's length (each item takes
 *       one byte at least, except items of zero-size types such as null, which no event schema repeats), so a
 *       block count of 2^63 nulls cannot make a reader loop or allocate.</li>
 * </ul>
 * A value over either bound fails with an {@link AvroRuntimeException} saying which, before any allocation.
 */
public final class BoundedBinaryDecoder extends Decoder {

    private final BinaryDecoder in;
    private final int length;
    private long itemsLeft;

    private BoundedBinaryDecoder(byte[] data, int offset, int length) {
        this.in = DecoderFactory.get().binaryDecoder(data, offset, length, null);
        this.length = length;
        this.itemsLeft = length;
    }

    /** A decoder of {@code length} bytes of {@code data} from {@code offset}. */
    public static BoundedBinaryDecoder of(byte[] data, int offset, int length) {
        return new BoundedBinaryDecoder(data, offset, length);
    }

    /** Bytes not read yet. */
    public int remaining() throws IOException {
        return in.isEnd() ? 0 : in.inputStream().available();
    }

    private int checkedLength(String what) throws IOException {
        long declared = in.readLong();
        int left = remaining();
        if (declared < 0 || declared > left) {
            throw new AvroRuntimeException("a " + what + " declares " + declared + " bytes, but only " + left
                    + " of the " + length + "-byte value are left");
        }
        return (int) declared;
    }

    private long checkedItems(long count, String what) {
        if (count < 0 || count > itemsLeft) {
            throw new AvroRuntimeException("a " + what + " block declares " + count + " items, more than the "
                    + length + "-byte value can hold (" + itemsLeft + " items left)");
        }
        itemsLeft -= count;
        return count;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int size = checkedLength("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(size);
        in.readFixed(result.getBytes(), 0, size);
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(checkedLength("string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int size = checkedLength("bytes value");
        ByteBuffer result = old != null && old.hasArray() && old.capacity() >= size ? old.clear() : ByteBuffer.allocate(size);
        in.readFixed(result.array(), result.arrayOffset(), size);
        return result.limit(size);
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(checkedLength("bytes value"));
    }

    @Override
    public long readArrayStart() throws IOException {
        return checkedItems(in.readArrayStart(), "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return checkedItems(in.arrayNext(), "array");
    }

    @Override
    public long skipArray() throws IOException {
        return checkedItems(in.skipArray(), "array");
    }

    @Override
    public long readMapStart() throws IOException {
        return checkedItems(in.readMapStart(), "map");
    }

    @Override
    public long mapNext() throws IOException {
        return checkedItems(in.mapNext(), "map");
    }

    @Override
    public long skipMap() throws IOException {
        return checkedItems(in.skipMap(), "map");
    }

    // fixed-size and scalar values: their size comes from the schema, not from the value

    @Override
    public void readFixed(byte[] bytes, int start, int len) throws IOException {
        if (len > remaining()) {
            throw new AvroRuntimeException("a fixed value of " + len + " bytes does not fit the " + remaining()
                    + " bytes left of the " + length + "-byte value");
        }
        in.readFixed(bytes, start, len);
    }

    @Override
    public void skipFixed(int len) throws IOException {
        in.skipFixed(len);
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
