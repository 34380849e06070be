package io.swiftnode.config;

import io.swiftnode.disk.FallocateReserve;
import io.swiftnode.python.PyInt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Swift's config value parsers ({@code swift.common.utils}: {@code config_true_value},
 * {@code config_auto_int_value}, {@code config_fallocate_value}, …) and the Python {@code int()} /
 * {@code float()} conversions they rest on, so that a value Swift accepts is accepted here with the
 * same meaning and a value Swift rejects is rejected.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigValues {

    /** {@code utils.TRUE_VALUES}. */
    public static final Set<String> TRUE_VALUES = Set.of("true", "1", "yes", "on", "t", "y");

    private static final String DIGITS = "[0-9](?:_?[0-9])*";
    private static final Pattern PY_FLOAT = Pattern.compile(
            "[+-]?(?:(?:" + DIGITS + ")?\\.(?:" + DIGITS + ")|(?:" + DIGITS + ")\\.?)(?:[eE][+-]?" + DIGITS + ")?");
    private static final Pattern PY_FLOAT_SPECIAL = Pattern.compile("([+-]?)(inf|infinity|nan)",
            Pattern.CASE_INSENSITIVE);

    private ConfigValues() {
    }

    /**
     * {@code config_true_value}: true only for {@code true 1 yes on t y} in any case, nothing else
     * (no stripping: {@code " yes"} is false, as in Swift).
     */
    public static boolean configTrueValue(String value) {
        return value != null && TRUE_VALUES.contains(value.toLowerCase(Locale.ROOT));
    }

    /**
     * Python's {@code int(str)}: surrounding whitespace, a sign, digits with single underscores.
     *
     * @throws NumberFormatException as Python raises {@code ValueError}
     */
    public static long pyInt(String value) {
        if (value == null) {
            throw new NumberFormatException("int() argument must be a string or a number, not 'NoneType'");
        }
        Long v = PyInt.parse(value);
        if (v == null) {
            throw new NumberFormatException("invalid literal for int() with base 10: '" + value + "'");
        }
        return v;
    }

    /**
     * Python's {@code float(str)}: decimal or exponent notation with optional underscores between
     * digits, {@code inf}, {@code infinity} and {@code nan} in any case.
     *
     * @throws NumberFormatException as Python raises {@code ValueError}
     */
    public static double pyFloat(String value) {
        if (value == null) {
            throw new NumberFormatException("float() argument must be a string or a number, not 'NoneType'");
        }
        String s = value.strip();
        var special = PY_FLOAT_SPECIAL.matcher(s);
        if (special.matches()) {
            boolean neg = "-".equals(special.group(1));
            if (special.group(2).equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!PY_FLOAT.matcher(s).matches()) {
            throw new NumberFormatException("could not convert string to float: '" + value + "'");
        }
        return Double.parseDouble(s.replace("_", ""));
    }

    /** A port, Python int in 0–65535 (Swift fails at bind time otherwise; we fail earlier). */
    public static int port(String value) {
        long p = pyInt(value);
        if (p < 0 || p > 65535) {
            throw new NumberFormatException("port must be 0-65535, not " + value);
        }
        return (int) p;
    }

    /** An {@code int(...)} that must fit a Java int. */
    public static int pyIntAsInt(String value) {
        long v = pyInt(value);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new NumberFormatException("integer out of range: '" + value + "'");
        }
        return (int) v;
    }

    /**
     * {@code config_auto_int_value}: {@code defaultValue} for a missing value or {@code auto} (any
     * case), else an integer.
     */
    public static int configAutoIntValue(String value, int defaultValue) {
        if (value == null || value.toLowerCase(Locale.ROOT).equals("auto")) {
            return defaultValue;
        }
        try {
            return pyIntAsInt(value);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("Config option must be an integer or the string \"auto\", not \""
                    + value + "\".");
        }
    }

    /** {@code config_positive_int_value}: an integer ≥ 1. */
    public static int configPositiveIntValue(String value) {
        try {
            int v = pyIntAsInt(value);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with Swift's message
        }
        throw new NumberFormatException("Config option must be an positive int number, not \"" + value + "\".");
    }

    /** {@code config_float_value}: a float within optional bounds ({@code null} = unbounded). */
    public static double configFloatValue(String value, Double minimum, Double maximum) {
        try {
            double v = pyFloat(value);
            if ((minimum == null || !(v < minimum)) && (maximum == null || !(v > maximum))) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with Swift's message
        }
        String min = minimum != null ? ", greater than " + minimum : "";
        String max = maximum != null ? ", less than " + maximum : "";
        throw new NumberFormatException("Config option must be a number" + min + max + ", not \"" + value + "\".");
    }

    /** {@code config_percent_value}: a number 0–100 returned as a fraction 0–1. */
    public static double configPercentValue(String value) {
        try {
            return configFloatValue(value, 0.0, 100.0) / 100.0;
        } catch (NumberFormatException e) {
            throw new NumberFormatException(e.getMessage() + ": " + value);
        }
    }

    /** {@code non_negative_float}. */
    public static double nonNegativeFloat(String value) {
        double v = pyFloat(value);
        if (v < 0 || Double.isNaN(v)) {
            throw new NumberFormatException("value must be a non-negative number, not '" + value + "'");
        }
        return v;
    }

    /** {@code non_negative_int}: an integer ≥ 0 (and equal to its float reading). */
    public static long nonNegativeInt(String value) {
        long v = pyInt(value);
        if (v < 0) {
            throw new NumberFormatException("value must be a non-negative integer, not '" + value + "'");
        }
        return v;
    }

    /**
     * {@code config_fallocate_value}: {@code N%} is a percentage (float) of the filesystem, anything
     * else an integer byte count.
     */
    public static FallocateReserve configFallocateValue(String value) {
        try {
            if (value.endsWith("%")) {
                return new FallocateReserve(pyFloat(value.substring(0, value.length() - 1)), true);
            }
            return new FallocateReserve(pyInt(value), false);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("Error: " + value + " is an invalid value for fallocate_reserve.");
        }
    }

    /** {@code list_from_csv}: comma-separated items, stripped, empty ones dropped. */
    public static List<String> listFromCsv(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split(",", -1)) {
            String s = part.strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
