package io.swiftnode.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An ini file read the way Python 3's {@code configparser.ConfigParser} reads it for Swift, because
 * an operator's existing {@code object-server.conf} and {@code swift.conf} must mean exactly what
 * they mean to the Python servers next to us.
 *
 * <p>Rules reproduced (Python 3.11 {@code ConfigParser._read}):
 * <ul>
 * <li>{@code [name]} starts a section (the name is everything up to the <em>last</em> {@code ]});
 *     {@code [DEFAULT]} holds values visible in every section; section names are case-sensitive;
 *     a line outside any section is an error.</li>
 * <li>An option is {@code key = value} or {@code key: value}, split at the first {@code =} or
 *     {@code :}; key and value are stripped; keys are lower-cased by {@code readconf} and
 *     {@code swift.conf} readers ({@link KeyCase#LOWER}) but kept as written by PasteDeploy
 *     ({@link KeyCase#PRESERVE}).</li>
 * <li>Lines whose first non-blank character is {@code #} or {@code ;} are comments; there are no
 *     inline comments ({@code a = b # c} has the value {@code b # c}).</li>
 * <li>A line indented deeper than its option line continues the value (joined with newlines);
 *     blank lines inside a value are kept, trailing ones dropped.</li>
 * <li>With {@code strict} (Python's default) a section or option repeated within one file is an
 *     error; a later file of a directory overrides an earlier one.</li>
 * <li>{@code %(name)s} interpolation from the same section or {@code [DEFAULT]} and {@code %%}
 *     escapes ({@link Interpolation#BASIC}); Swift's {@code NicerInterpolation} applies them only to
 *     values that contain {@code %(} so that {@code fallocate_reserve = 1%} stays valid
 *     ({@link Interpolation#NICER}).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe once built.
 */
public final class IniFile {

    /** The name of the section whose values every other section inherits. */
    public static final String DEFAULT_SECTION = "DEFAULT";

    private static final int MAX_INTERPOLATION_DEPTH = 10;

    /** How option names are normalised ({@code optionxform}). */
    public enum KeyCase {
        /** ConfigParser's default {@code str.lower}: readconf, swift.conf. */
        LOWER,
        /** PasteDeploy's {@code optionxform = str}: {@code [app:...]}/{@code [filter:...]} sections. */
        PRESERVE;

        String apply(String key) {
            return this == LOWER ? key.toLowerCase(Locale.ROOT) : key;
        }
    }

    /** Which {@code %} substitution is applied when a value is read. */
    public enum Interpolation {
        /** Raw values ({@code RawConfigParser}). */
        NONE,
        /** {@code BasicInterpolation}: every value is subject to {@code %} rules. */
        BASIC,
        /** Swift's {@code NicerInterpolation}: only values containing {@code %(} are. */
        NICER
    }

    /**
     * The parser flavour of one Swift code path.
     *
     * @param keyCase       option name normalisation
     * @param strict        duplicate sections/options within one file are errors
     * @param interpolation value substitution on read
     */
    public record Dialect(KeyCase keyCase, boolean strict, Interpolation interpolation) {
        /** {@code swift.common.utils.readconf}: what the daemons' sections are read with. */
        public static final Dialect READCONF = new Dialect(KeyCase.LOWER, true, Interpolation.NICER);
        /** PasteDeploy's loader as Swift patches it: {@code [app:…]}, {@code [filter:…]}, {@code [pipeline:…]}. */
        public static final Dialect PASTE_DEPLOY = new Dialect(KeyCase.PRESERVE, true, Interpolation.NICER);
        /** {@code swift.conf} as {@code utils.validate_hash_conf} and {@code constraints} read it. */
        public static final Dialect SWIFT_CONF = new Dialect(KeyCase.LOWER, true, Interpolation.BASIC);
    }

    private final String source;
    private final Dialect dialect;
    private final Map<String, String> defaults;
    private final Map<String, Map<String, String>> sections;

    private IniFile(String source, Dialect dialect, Map<String, String> defaults,
            Map<String, Map<String, String>> sections) {
        this.source = source;
        this.dialect = dialect;
        this.defaults = Collections.unmodifiableMap(defaults);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        sections.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(v)));
        this.sections = Collections.unmodifiableMap(copy);
    }

    /**
     * Reads a file, or every {@code *.conf} file (not starting with {@code .}) of a directory in
     * sorted order as Swift's {@code read_conf_dir} does.
     *
     * @param initialDefaults values present in {@code [DEFAULT]} before the file is read
     *                        (PasteDeploy's {@code here} and {@code __file__})
     */
    public static IniFile read(Path path, Dialect dialect, Map<String, String> initialDefaults) {
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.endsWith(".conf") && !n.startsWith(".");
                }).sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
            } catch (IOException e) {
                throw new ConfigException("Unable to read config from " + path + ": " + e, e);
            }
            if (files.isEmpty()) {
                throw new ConfigException("Unable to read config from " + path + ": no *.conf files");
            }
        } else {
            files = List.of(path);
        }
        Parser parser = new Parser(dialect, initialDefaults);
        for (Path f : files) {
            parser.parse(readUtf8(f), f.toString());
        }
        return parser.build(path.toString());
    }

    /** Parses text as one file named {@code sourceName} in error messages. */
    public static IniFile parse(String text, String sourceName, Dialect dialect, Map<String, String> initialDefaults) {
        Parser parser = new Parser(dialect, initialDefaults);
        parser.parse(text, sourceName);
        return parser.build(sourceName);
    }

    private static String readUtf8(Path f) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (IOException e) {
            throw new ConfigException("Unable to read config from " + f + ": " + e, e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(f + " is not valid UTF-8", e);
        }
    }

    /** The file or directory this was read from. */
    public String source() {
        return source;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Section names in file order, without {@code DEFAULT} (as Python's {@code sections()}). */
    public List<String> sections() {
        return List.copyOf(sections.keySet());
    }

    /** Whether a section exists; {@code DEFAULT} does not count, as in Python. */
    public boolean hasSection(String name) {
        return sections.containsKey(name);
    }

    /** The {@code [DEFAULT]} values (and initial defaults), uninterpolated. */
    public Map<String, String> rawDefaults() {
        return defaults;
    }

    /** The values written in one section itself, uninterpolated, without defaults. */
    public Map<String, String> rawSection(String name) {
        Map<String, String> s = sections.get(name);
        if (s == null) {
            throw new ConfigException("No section [" + name + "] in " + source);
        }
        return s;
    }

    /**
     * Python's {@code options(section)}: the section's own option names, then the defaults' ones.
     */
    public List<String> options(String section) {
        Set<String> names = new LinkedHashSet<>(rawSection(section).keySet());
        names.addAll(defaults.keySet());
        return List.copyOf(names);
    }

    /**
     * Python's {@code get(section, option)}: the section's value, else the default, interpolated;
     * empty if neither has it. {@code section} may be {@code DEFAULT}.
     */
    public Optional<String> get(String section, String option) {
        Map<String, String> map = lookupMap(section);
        String key = dialect.keyCase().apply(option);
        String raw = map.get(key);
        if (raw == null) {
            return Optional.empty();
        }
        return Optional.of(interpolate(section, key, raw, map));
    }

    /**
     * Python's {@code dict(items(section))}: defaults overlaid with the section, every value
     * interpolated. {@code section} may be {@code DEFAULT}.
     */
    public Map<String, String> items(String section) {
        Map<String, String> map = lookupMap(section);
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, interpolate(section, k, v, map)));
        return out;
    }

    private Map<String, String> lookupMap(String section) {
        Map<String, String> map = new LinkedHashMap<>(defaults);
        if (!DEFAULT_SECTION.equals(section)) {
            map.putAll(rawSection(section));
        }
        return map;
    }

    private String interpolate(String section, String option, String value, Map<String, String> map) {
        switch (dialect.interpolation()) {
            case NONE:
                return value;
            case NICER:
                if (!value.contains("%(")) {
                    return value;
                }
                break;
            default:
                break;
        }
        StringBuilder out = new StringBuilder();
        interpolateSome(section, option, out, value, map, 1, value);
        return out.toString();
    }

    private void interpolateSome(String section, String option, StringBuilder out, String rest,
            Map<String, String> map, int depth, String rawValue) {
        if (depth > MAX_INTERPOLATION_DEPTH) {
            throw new ConfigException(source + ": [" + section + "] " + option
                    + ": interpolation too deeply recursive (raw value " + quote(rawValue) + ")");
        }
        while (!rest.isEmpty()) {
            int p = rest.indexOf('%');
            if (p < 0) {
                out.append(rest);
                return;
            }
            out.append(rest, 0, p);
            rest = rest.substring(p);
            char c = rest.length() > 1 ? rest.charAt(1) : '\0';
            if (c == '%') {
                out.append('%');
                rest = rest.substring(2);
            } else if (c == '(') {
                int close = rest.indexOf(')');
                if (close < 3 || close + 1 >= rest.length() || rest.charAt(close + 1) != 's') {
                    throw new ConfigException(source + ": [" + section + "] " + option
                            + ": bad interpolation variable reference " + quote(rest));
                }
                String var = dialect.keyCase().apply(rest.substring(2, close));
                rest = rest.substring(close + 2);
                String v = map.get(var);
                if (v == null) {
                    throw new ConfigException(source + ": [" + section + "] " + option
                            + " contains an interpolation key " + quote(var)
                            + " which is not a valid option name (raw value " + quote(rawValue) + ")");
                }
                if (v.indexOf('%') >= 0) {
                    interpolateSome(section, option, out, v, map, depth + 1, rawValue);
                } else {
                    out.append(v);
                }
            } else {
                throw new ConfigException(source + ": [" + section + "] " + option
                        + ": '%' must be followed by '%' or '(', found: " + quote(rest));
            }
        }
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }

    @Override
    public String toString() {
        return "IniFile[" + source + ", sections=" + sections.keySet() + "]";
    }

    /** Accumulates one or more files; not thread-safe (used by one reader only). */
    private static final class Parser {
        private final Dialect dialect;
        private final Map<String, String> defaults = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        /** Values of the file being read, line by line: section map (by identity) → key → lines. */
        private final Map<Map<String, String>, Map<String, List<String>>> pending = new IdentityHashMap<>();

        Parser(Dialect dialect, Map<String, String> initialDefaults) {
            this.dialect = dialect;
            initialDefaults.forEach((k, v) -> defaults.put(dialect.keyCase().apply(k), v));
        }

        void parse(String text, String name) {
            Set<Object> added = new HashSet<>();
            Map<String, String> cursect = null;
            String sectname = null;
            String optname = null;
            int indentLevel = 0;
            List<String> errors = new ArrayList<>();
            String[] lines = text.split("\r\n|\r|\n", -1);
            int count = lines.length;
            if (count > 0 && lines[count - 1].isEmpty()) {
                count--; // the text ended with a newline
            }
            for (int i = 0; i < count; i++) {
                String line = lines[i];
                int lineno = i + 1;
                String stripped = line.strip();
                boolean comment = stripped.startsWith("#") || stripped.startsWith(";");
                String value = comment ? "" : stripped;
                if (value.isEmpty()) {
                    if (!comment && cursect != null && optname != null && !optname.isEmpty()) {
                        pendingLines(cursect, optname).add("");
                    }
                    continue;
                }
                int curIndent = indentOf(line);
                if (cursect != null && optname != null && !optname.isEmpty() && curIndent > indentLevel) {
                    pendingLines(cursect, optname).add(value);
                    continue;
                }
                indentLevel = curIndent;
                String header = sectionHeader(value);
                if (header != null) {
                    sectname = header;
                    if (sections.containsKey(header)) {
                        if (dialect.strict() && added.contains(header)) {
                            throw new ConfigException(name + ":" + lineno + ": section [" + header
                                    + "] already exists");
                        }
                        cursect = sections.get(header);
                        added.add(header);
                    } else if (DEFAULT_SECTION.equals(header)) {
                        cursect = defaults;
                    } else {
                        cursect = new LinkedHashMap<>();
                        sections.put(header, cursect);
                        added.add(header);
                    }
                    optname = null;
                    continue;
                }
                if (cursect == null) {
                    throw new ConfigException(name + ":" + lineno + ": file contains no section headers "
                            + "(line " + quote(line) + ")");
                }
                int delim = firstDelimiter(value);
                if (delim < 0) {
                    errors.add("[line " + lineno + "]: " + quote(line));
                    continue;
                }
                String key = value.substring(0, delim).strip();
                if (key.isEmpty()) {
                    errors.add("[line " + lineno + "]: " + quote(line));
                    optname = null;
                    continue;
                }
                optname = dialect.keyCase().apply(key);
                List<Object> pair = List.of(sectname, optname);
                if (dialect.strict() && added.contains(pair)) {
                    throw new ConfigException(name + ":" + lineno + ": option " + quote(optname)
                            + " in section [" + sectname + "] already exists");
                }
                added.add(pair);
                List<String> vlines = new ArrayList<>();
                vlines.add(value.substring(delim + 1).strip());
                pending.computeIfAbsent(cursect, k -> new LinkedHashMap<>()).put(optname, vlines);
                cursect.put(optname, "");
            }
            joinPending();
            if (!errors.isEmpty()) {
                throw new ConfigException("Source contains parsing errors: " + name + "\n\t"
                        + String.join("\n\t", errors));
            }
        }

        /** The lines of an option set earlier in the same file (optname is reset per file). */
        private List<String> pendingLines(Map<String, String> sect, String opt) {
            return pending.get(sect).get(opt);
        }

        private void joinPending() {
            pending.forEach((sect, opts) -> opts.forEach((k, vl) -> sect.put(k, String.join("\n", vl).stripTrailing())));
            pending.clear();
        }

        IniFile build(String source) {
            return new IniFile(source, dialect, defaults, sections);
        }

        private static int indentOf(String line) {
            for (int i = 0; i < line.length(); i++) {
                if (!Character.isWhitespace(line.charAt(i))) {
                    return i;
                }
            }
            return 0;
        }

        /** {@code \[(.+)\]} matched at the start: the header runs to the last {@code ]}. */
        private static String sectionHeader(String value) {
            if (!value.startsWith("[")) {
                return null;
            }
            int close = value.lastIndexOf(']');
            return close >= 2 ? value.substring(1, close) : null;
        }

        private static int firstDelimiter(String value) {
            int eq = value.indexOf('=');
            int colon = value.indexOf(':');
            if (eq < 0) {
                return colon;
            }
            return colon < 0 ? eq : Math.min(eq, colon);
        }
    }
}
