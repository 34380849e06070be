package io.swiftnode.config;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The effective options of one Swift config context (a daemon section with its {@code [DEFAULT]}s,
 * or the object server's PasteDeploy app conf), read the way Swift's constructors read them
 * ({@code int(conf.get(k, d))}, {@code conf.get(k) or d}, …), remembering which keys were used so
 * that the rest can be kept as "other" options.
 *
 * <p>Not thread-safe: one instance is used by one record factory while a config is loaded.
 */
public final class Options {
    /** Keys every context carries that describe the file, not an option. */
    private static final Set<String> BOOKKEEPING = Set.of("__file__", "here", "__name__", "use");

    private final String context;
    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    /**
     * @param context for messages, e.g. {@code "/etc/swift/object-server.conf [object-replicator]"}
     * @param values  the effective options
     */
    public Options(String context, Map<String, String> values) {
        this.context = context;
        this.values = Map.copyOf(values);
    }

    public String context() {
        return context;
    }

    /** The raw value or {@code null}; marks the key used. */
    public String raw(String key) {
        used.add(key);
        return values.get(key);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** {@code conf.get(key, default)}. */
    public String string(String key, String def) {
        String v = raw(key);
        return v != null ? v : def;
    }

    /** {@code conf.get(key) or default}: an empty value also means the default. */
    public String stringOr(String key, String def) {
        String v = raw(key);
        return v != null && !v.isEmpty() ? v : def;
    }

    /** {@code config_true_value(conf.get(key, default))}. */
    public boolean bool(String key, boolean def) {
        String v = raw(key);
        return v == null ? def : ConfigValues.configTrueValue(v);
    }

    /** {@code int(conf.get(key, default))}. */
    public long longValue(String key, long def) {
        return parse(key, def, ConfigValues::pyInt);
    }

    /** {@code int(conf.get(key, default))} fitting a Java int. */
    public int intValue(String key, int def) {
        return parse(key, def, ConfigValues::pyIntAsInt);
    }

    /** {@code int(conf.get(key) or default)}. */
    public int intOr(String key, int def) {
        String v = raw(key);
        return v == null || v.isEmpty() ? def : convert(key, v, ConfigValues::pyIntAsInt);
    }

    /** {@code float(conf.get(key, default))}. */
    public double floatValue(String key, double def) {
        return parse(key, def, ConfigValues::pyFloat);
    }

    /** {@code float(conf.get(key) or default)}. */
    public double floatOr(String key, double def) {
        String v = raw(key);
        return v == null || v.isEmpty() ? def : convert(key, v, ConfigValues::pyFloat);
    }

    /** Applies a Swift value parser to the value, or returns {@code def} if the key is absent. */
    public <T> T parse(String key, T def, Function<String, T> parser) {
        String v = raw(key);
        return v == null ? def : convert(key, v, parser);
    }

    /** Applies a Swift value parser to a value that is known to be present or defaulted as a string. */
    public <T> T convert(String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new ConfigException(context + ": invalid " + key + " = " + value + " (" + e.getMessage() + ")", e);
        }
    }

    /** Marks keys read elsewhere (by a shared sub-record) as used. */
    public void markUsed(Collection<String> keys) {
        used.addAll(keys);
    }

    /**
     * The options nobody read, without file bookkeeping keys, and without {@code ignored} (keys that
     * another record of the same file models, such as inherited {@code [DEFAULT]} ones).
     */
    public Map<String, String> others(Set<String> ignored) {
        Map<String, String> out = new LinkedHashMap<>();
        values.entrySet().stream()
                .filter(e -> !used.contains(e.getKey()) && !BOOKKEEPING.contains(e.getKey())
                        && !ignored.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(out);
    }
}
