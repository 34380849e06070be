package io.swiftnode.disk.pickle;

import io.swiftnode.disk.DiskFileBadMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * razorvine's {@link Unpickler} adjusted to give the same answers as CPython 3 for the pickles
 * Swift keeps on disk. The stock unpickler is used for the stack, memo, numbers, tuples, lists
 * and {@code REDUCE}; these opcodes are handled here instead, because razorvine:
 * <ul>
 *   <li>turns Python 2 byte strings ({@code S}, {@code T}, {@code U}) into latin-1 {@code String}s,
 *       indistinguishable from text, while Swift's rules depend on the difference; and gives
 *       Python 3 bytes as {@code byte[]}, which has identity equality and is useless as a dict
 *       key. Both become {@link PyBytes} here;</li>
 *   <li>builds dicts as {@code HashMap} and applies a {@code SETITEMS} batch through a temporary
 *       {@code HashMap}, losing the item order (and letting the first of two equal keys win);</li>
 *   <li>decodes {@code BINUNICODE} with the JDK's replacing UTF-8 decoder (Python uses
 *       {@code surrogatepass}) and {@code UNICODE} with a {@code unicode-escape} decoder
 *       (Python uses {@code raw-unicode-escape}, where only {@code \}{@code u}/{@code \}{@code U}
 *       escape);</li>
 *   <li>resolves {@code GLOBAL} through a JVM-wide static registry that accepts any name.
 *       Here only Swift's allow-list (that of Swift 2.38's restricted unpickler) resolves, to
 *       private constructors: {@code _codecs.encode}, {@code __builtin__/builtins.bytes} and
 *       {@code .dict}, {@code copy_reg/copyreg._reconstructor} and
 *       {@code swift.common.header_key_dict.HeaderKeyDict} (read as a plain dict).</li>
 * </ul>
 * Lengths are checked against the remaining input before anything is allocated.
 *
 * <p>An instance is single-use and not thread-safe; {@link #load} creates one per call, so it is
 * safe to call from any thread.
 */
final class SwiftUnpickler extends Unpickler {

    /** How a Python 2 byte string opcode ({@code S}, {@code T}, {@code U}) is returned. */
    enum Py2Strings {
        /** As {@link PyBytes}, like {@code pickle.loads(data, encoding='bytes')}. */
        BYTES,
        /** As an ASCII {@code String}, failing on other bytes, like {@code pickle.loads(data)}. */
        ASCII
    }

    /** A Python 3 {@code bytes} object, with value equality so that it works as a dict key. */
    static final class PyBytes {
        private final byte[] data;

        PyBytes(byte[] data) {
            this.data = data;
        }

        byte[] bytes() {
            return data.clone();
        }

        int length() {
            return data.length;
        }

        /** Decodes as UTF-8 with {@code surrogateescape}. */
        String utf8() {
            return PyCodecs.decodeUtf8SurrogateEscape(data);
        }

        /** Decodes as latin-1: one char per octet. */
        String latin1() {
            return PyCodecs.decodeLatin1(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PyBytes other && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "b'" + latin1() + "'";
        }
    }

    /** The class objects of the allow-list; calling one builds an (ordered) dict. */
    private enum PyClass implements IObjectConstructor {
        DICT, HEADER_KEY_DICT;

        @Override
        public Object construct(Object[] args) {
            if (args.length == 0) {
                return new LinkedHashMap<>();
            }
            if (this == DICT && args.length == 1 && args[0] instanceof Map<?, ?> m) {
                return new LinkedHashMap<>(m);
            }
            throw new PickleException("unsupported arguments for " + this);
        }
    }

    private static final Set<String> LATIN1_NAMES = Set.of("latin1", "latin_1", "iso8859_1", "iso_8859_1", "l1",
            "latin", "8859", "cp819");
    private static final Set<String> UTF8_NAMES = Set.of("utf8", "utf_8", "u8", "utf");
    private static final Set<String> ASCII_NAMES = Set.of("ascii", "us_ascii", "646");

    /** {@code _codecs.encode(text, encoding='utf-8', errors='strict')} for the codecs pickles use. */
    private static final IObjectConstructor CODECS_ENCODE = args -> {
        if (args.length < 1 || args.length > 3 || !(args[0] instanceof String text)) {
            throw new PickleException("_codecs.encode expects (str, encoding[, errors])");
        }
        String encoding = args.length > 1 ? asText(args[1]) : "utf-8";
        if (args.length == 3 && !"strict".equals(asText(args[2]))) {
            throw new PickleException("_codecs.encode: unsupported error handler " + args[2]);
        }
        return new PyBytes(encode(text, encoding));
    };

    /** {@code bytes()}, {@code bytes(b)}, {@code bytes([ints])}, {@code bytes(str, encoding)}. */
    private static final IObjectConstructor BYTES = args -> {
        if (args.length == 0) {
            return new PyBytes(new byte[0]);
        }
        if (args.length == 1 && args[0] instanceof PyBytes b) {
            return b;
        }
        if (args.length == 1 && args[0] instanceof List<?> ints) {
            byte[] out = new byte[ints.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(ints.get(i) instanceof Number n) || n.longValue() < 0 || n.longValue() > 255
                        || ints.get(i) instanceof Double) {
                    throw new PickleException("bytes() expects integers in range(0, 256)");
                }
                out[i] = (byte) n.intValue();
            }
            return new PyBytes(out);
        }
        if ((args.length == 2 || args.length == 3) && args[0] instanceof String) {
            return CODECS_ENCODE.construct(args);
        }
        throw new PickleException("unsupported arguments for bytes()");
    };

    /** {@code copyreg._reconstructor(cls, dict, state)}: how protocol 0 pickles a dict subclass. */
    private static final IObjectConstructor RECONSTRUCTOR = args -> {
        if (args.length != 3 || !(args[0] instanceof PyClass) || args[1] != PyClass.DICT
                || !(args[2] instanceof Map<?, ?> state)) {
            throw new PickleException("_reconstructor: only (dict or HeaderKeyDict, dict, {state}) is supported");
        }
        return new LinkedHashMap<>(state);
    };

    private static final Map<String, Object> GLOBALS = Map.of(
            "_codecs\nencode", CODECS_ENCODE,
            "__builtin__\nbytes", BYTES,
            "builtins\nbytes", BYTES,
            "__builtin__\ndict", PyClass.DICT,
            "builtins\ndict", PyClass.DICT,
            "copy_reg\n_reconstructor", RECONSTRUCTOR,
            "copyreg\n_reconstructor", RECONSTRUCTOR,
            "swift.common.header_key_dict\nHeaderKeyDict", PyClass.HEADER_KEY_DICT);

    private final Py2Strings py2Strings;

    private SwiftUnpickler(Py2Strings py2Strings) {
        this.py2Strings = py2Strings;
    }

    /**
     * Unpickles {@code data}. Dicts come back as {@link LinkedHashMap} in pickle order, text as
     * {@code String}, bytes as {@link PyBytes}, ints as {@code Integer}/{@code Long}/
     * {@code BigInteger}, floats as {@code Double}, lists as {@code ArrayList}, tuples as
     * {@code Object[]}, {@code None} as {@code null}.
     *
     * @throws DiskFileBadMetadata if the data is not a pickle this reader understands
     */
    static Object load(byte[] data, Py2Strings py2Strings) throws DiskFileBadMetadata {
        SwiftUnpickler u = new SwiftUnpickler(py2Strings);
        try {
            return u.loads(data);
        } catch (DiskFileBadMetadata e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DiskFileBadMetadata("unpicklable data (" + data.length + " bytes): " + e.getMessage(), e);
        } finally {
            u.close();
        }
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> pushGlobal(PyCodecs.decodeLatin1(readLine()), PyCodecs.decodeLatin1(readLine()));
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new PickleException("STACK_GLOBAL expects two str");
                }
                pushGlobal(m, n);
            }
            case Opcodes.INST, Opcodes.OBJ, Opcodes.BUILD, Opcodes.NEWOBJ_EX ->
                throw new PickleException("opcode " + key + " is not used by Swift");
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                putPairs(map, stack.pop_all_since_marker());
                stack.add(map);
            }
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object k = stack.pop();
                putPairs(topDict(), pair(k, value));
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                putPairs(topDict(), items);
            }
            case Opcodes.STRING -> stack.add(py2String(PyCodecs.escapeDecode(unquote(readLine()))));
            case Opcodes.BINSTRING -> {
                int len = PickleUtils.bytes_to_integer(read(4));
                if (len < 0) {
                    throw new PickleException("BINSTRING pickle has negative byte count");
                }
                stack.add(py2String(read(len)));
            }
            case Opcodes.SHORT_BINSTRING -> stack.add(py2String(read(readByte())));
            case Opcodes.SHORT_BINBYTES -> stack.add(new PyBytes(read(readByte())));
            case Opcodes.BINBYTES -> stack.add(new PyBytes(read(readUint32())));
            case Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> stack.add(new PyBytes(read(readUint64())));
            case Opcodes.UNICODE -> stack.add(PyCodecs.decodeRawUnicodeEscape(readLine()));
            case Opcodes.SHORT_BINUNICODE -> stack.add(PyCodecs.decodeUtf8SurrogatePass(read(readByte())));
            case Opcodes.BINUNICODE -> stack.add(PyCodecs.decodeUtf8SurrogatePass(read(readUint32())));
            case Opcodes.BINUNICODE8 -> stack.add(PyCodecs.decodeUtf8SurrogatePass(read(readUint64())));
            case Opcodes.LONG4 -> {
                int len = PickleUtils.bytes_to_integer(read(4));
                if (len < 0) {
                    throw new PickleException("LONG pickle has negative byte count");
                }
                stack.add(PickleUtils.decode_long(read(len)));
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    private static List<Object> pair(Object k, Object v) {
        List<Object> l = new ArrayList<>(2);
        l.add(k);
        l.add(v);
        return l;
    }

    private void pushGlobal(String module, String name) {
        Object g = GLOBALS.get(module + "\n" + name);
        if (g == null) {
            throw new PickleException("global '" + module + "." + name + "' is forbidden");
        }
        stack.add(g);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> topDict() {
        Object top = stack.peek();
        if (!(top instanceof Map<?, ?>)) {
            throw new PickleException("SETITEM(S) on a " + (top == null ? "None" : top.getClass().getSimpleName()));
        }
        return (Map<Object, Object>) top;
    }

    private static void putPairs(Map<Object, Object> map, List<Object> items) {
        if ((items.size() & 1) != 0) {
            throw new PickleException("odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            Object k = items.get(i);
            if (k instanceof List<?> || k instanceof Map<?, ?> || k instanceof Set<?>) {
                throw new PickleException("unhashable dict key");
            }
            map.put(k, items.get(i + 1));
        }
    }

    private Object py2String(byte[] data) {
        return py2Strings == Py2Strings.BYTES ? new PyBytes(data) : PyCodecs.decodeAscii(data);
    }

    private static byte[] unquote(byte[] line) {
        int n = line.length;
        if (n < 2 || line[0] != line[n - 1] || (line[0] != '\'' && line[0] != '"')) {
            throw new PickleException("the STRING opcode argument must be quoted");
        }
        return Arrays.copyOfRange(line, 1, n - 1);
    }

    private static byte[] encode(String text, String encoding) {
        String e = encoding.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (LATIN1_NAMES.contains(e)) {
            return PyCodecs.encodeLatin1(text);
        }
        if (UTF8_NAMES.contains(e)) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (paired) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new PickleException("surrogates not allowed in strict utf-8");
                }
            }
            return PyCodecs.encodeUtf8SurrogatePass(text);
        }
        if (ASCII_NAMES.contains(e)) {
            byte[] out = PyCodecs.encodeLatin1(text);
            for (byte b : out) {
                if (b < 0) {
                    throw new PickleException("ordinal not in range(128)");
                }
            }
            return out;
        }
        throw new PickleException("_codecs.encode: unsupported encoding " + encoding);
    }

    private static String asText(Object o) {
        if (o instanceof String s) {
            return s;
        }
        throw new PickleException("expected str, got " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    private int readByte() throws IOException {
        int b = input.read();
        if (b < 0) {
            throw new IOException("pickle data was truncated");
        }
        return b;
    }

    private byte[] read(int n) throws IOException {
        return read((long) n);
    }

    /**
     * Reads {@code n} bytes. {@code input} is the {@code ByteArrayInputStream} that
     * {@code loads} wraps around the data, so {@code available()} is exactly what is left and a
     * corrupt length cannot make us allocate more than the input's size.
     */
    private byte[] read(long n) throws IOException {
        if (n < 0 || n > input.available()) {
            throw new IOException("pickle data was truncated (need " + n + " bytes)");
        }
        return PickleUtils.readbytes(input, (int) n);
    }

    private long readUint32() throws IOException {
        return PickleUtils.bytes_to_uint(read(4), 0);
    }

    private long readUint64() throws IOException {
        long n = PickleUtils.bytes_to_long(read(8), 0);
        if (n < 0) {
            throw new IOException("pickle length out of range");
        }
        return n;
    }

    /** Reads up to and excluding the next LF; the LF must be present. */
    private byte[] readLine() throws IOException {
        InputStream in = input;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("pickle data was truncated (no end of line)");
            }
            if (c == '\n') {
                return line.toByteArray();
            }
            line.write(c);
        }
    }
}
