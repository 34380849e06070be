package io.swiftnode.disk.pickle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Emits individual pickle opcodes, protocol 0 and 2, in the forms CPython 3 chooses. razorvine's
 * {@code Pickler} is not used for writing: it has no protocol 0 (needed for async pendings),
 * writes Java {@code byte[]} as {@code bytearray} (not the {@code _codecs.encode} form the
 * metadata needs) and memoizes by its own rules; one small writer for all three formats keeps
 * the output byte-predictable and comparable with CPython's.
 *
 * <p>The memo counter is the caller's business: every {@code put} call takes the index.
 *
 * <p>Not thread-safe; use one instance per encoded pickle.
 */
final class PickleWriter {
    private static final int DICT_BATCH = 1000;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    byte[] toByteArray() {
        return out.toByteArray();
    }

    PickleWriter op(int opcode) {
        out.write(opcode);
        return this;
    }

    /**
     * The items of a non-empty dict, batched as CPython's C pickler does for protocols 1+: a
     * single-item dict is {@code key value SETITEM}; otherwise every batch of up to 1000 items is
     * {@code MARK ... SETITEMS}, a final batch of one included, and when the last batch is full
     * an empty {@code MARK SETITEMS} follows. (The pure-Python pickler differs: it writes a
     * trailing batch of one with {@code SETITEM} and no empty batch.)
     */
    <T> PickleWriter dictItems(List<T> items, Consumer<T> saveKeyAndValue) {
        if (items.size() == 1) {
            saveKeyAndValue.accept(items.get(0));
            return op('s');
        }
        int start = 0;
        int batch;
        do {
            out.write('(');
            batch = Math.min(DICT_BATCH, items.size() - start);
            for (T item : items.subList(start, start + batch)) {
                saveKeyAndValue.accept(item);
            }
            out.write('u');
            start += batch;
        } while (batch == DICT_BATCH);
        return this;
    }

    /** {@code PROTO n}. */
    PickleWriter proto(int version) {
        out.write(0x80);
        out.write(version);
        return this;
    }

    /** {@code BINPUT i} or {@code LONG_BINPUT i}. */
    PickleWriter binput(int index) {
        if (index < 256) {
            out.write('q');
            out.write(index);
        } else {
            out.write('r');
            le32(index);
        }
        return this;
    }

    /** {@code BINGET i} or {@code LONG_BINGET i}. */
    PickleWriter binget(int index) {
        if (index < 256) {
            out.write('h');
            out.write(index);
        } else {
            out.write('j');
            le32(index);
        }
        return this;
    }

    /** {@code GLOBAL module\nname\n}. */
    PickleWriter global(String module, String name) {
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** {@code BINUNICODE <u32le len> <utf-8, surrogatepass>}. */
    PickleWriter binunicode(String text) {
        byte[] b = PyCodecs.encodeUtf8SurrogatePass(text);
        out.write('X');
        le32(b.length);
        out.writeBytes(b);
        return this;
    }

    /** {@code BINFLOAT <8-byte big-endian IEEE double>}. */
    PickleWriter binfloat(double d) {
        out.write('G');
        long bits = Double.doubleToRawLongBits(d);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (bits >>> shift) & 0xff);
        }
        return this;
    }

    /** An int the way protocol 2 writes it: {@code BININT1}, {@code BININT2}, {@code BININT} or {@code LONG1}. */
    PickleWriter binint(long v) {
        if (v >= 0 && v <= 0xff) {
            out.write('K');
            out.write((int) v);
        } else if (v >= 0 && v <= 0xffff) {
            out.write('M');
            out.write((int) v & 0xff);
            out.write((int) (v >> 8) & 0xff);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            le32((int) v);
        } else {
            byte[] be = java.math.BigInteger.valueOf(v).toByteArray();
            out.write(0x8a);
            out.write(be.length);
            for (int i = be.length - 1; i >= 0; i--) {
                out.write(be[i]);
            }
        }
        return this;
    }

    /** Protocol 0 {@code V<raw-unicode-escape>\n}. */
    PickleWriter unicode0(String text) {
        out.write('V');
        out.writeBytes(PyCodecs.encodeRawUnicodeEscapeForPickle(text));
        out.write('\n');
        return this;
    }

    /** Protocol 0 {@code p<index>\n}. */
    PickleWriter put0(int index) {
        out.write('p');
        ascii(Integer.toString(index));
        out.write('\n');
        return this;
    }

    /** Protocol 0 {@code I<n>\n} (or {@code L<n>L\n} outside the 32-bit range, as CPython does). */
    PickleWriter int0(long v) {
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('I');
            ascii(Long.toString(v));
        } else {
            out.write('L');
            ascii(Long.toString(v));
            out.write('L');
        }
        out.write('\n');
        return this;
    }

    private void ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private void le32(int v) {
        out.write(v & 0xff);
        out.write((v >> 8) & 0xff);
        out.write((v >> 16) & 0xff);
        out.write((v >> 24) & 0xff);
    }
}
