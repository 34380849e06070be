package io.swiftnode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.disk.FallocateReserve;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Swift's value parsers; accepted and rejected inputs follow CPython's int()/float() and swift.common.utils. */
class ConfigValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"true", "True", "TRUE", "1", "yes", "Yes", "on", "t", "T", "y"})
    void trueValues(String v) {
        assertTrue(ConfigValues.configTrueValue(v));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "0", "no", "off", "", " true", "true ", "enabled", "2"})
    void everythingElseIsFalse(String v) {
        assertFalse(ConfigValues.configTrueValue(v));
    }

    @Test
    void nullIsFalse() {
        assertFalse(ConfigValues.configTrueValue(null));
    }

    @Test
    void pythonInt() {
        assertEquals(42, ConfigValues.pyInt(" 42\n"));
        assertEquals(1, ConfigValues.pyInt("+1"));
        assertEquals(-7, ConfigValues.pyInt("-7"));
        assertEquals(1000, ConfigValues.pyInt("1_000"));
        assertEquals(10, ConfigValues.pyInt("010"));
        for (String bad : List.of("1.0", "0x10", "", " ", "1__0", "_1", "1_", "1e3", "ten", "- 1")) {
            assertThrows(NumberFormatException.class, () -> ConfigValues.pyInt(bad), bad);
        }
    }

    @Test
    void pythonFloat() {
        assertEquals(0.5, ConfigValues.pyFloat("0.5"));
        assertEquals(0.5, ConfigValues.pyFloat(".5"));
        assertEquals(5.0, ConfigValues.pyFloat("5."));
        assertEquals(3000.0, ConfigValues.pyFloat(" 3e3 "));
        assertEquals(5000.0, ConfigValues.pyFloat("5.e3"));
        assertEquals(1000.5, ConfigValues.pyFloat("1_000.5"));
        assertEquals(Double.POSITIVE_INFINITY, ConfigValues.pyFloat("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, ConfigValues.pyFloat("-Infinity"));
        assertTrue(Double.isNaN(ConfigValues.pyFloat("NaN")));
        for (String bad : List.of("", "1,5", "e3", ".", "1.0d", "0x1p3", "Infinityy", "1__0")) {
            assertThrows(NumberFormatException.class, () -> ConfigValues.pyFloat(bad), bad);
        }
    }

    @Test
    void autoIntValue() {
        assertEquals(7, ConfigValues.configAutoIntValue(null, 7));
        assertEquals(7, ConfigValues.configAutoIntValue("auto", 7));
        assertEquals(7, ConfigValues.configAutoIntValue("AUTO", 7));
        assertEquals(3, ConfigValues.configAutoIntValue("3", 7));
        NumberFormatException e = assertThrows(NumberFormatException.class,
                () -> ConfigValues.configAutoIntValue("many", 7));
        assertEquals("Config option must be an integer or the string \"auto\", not \"many\".", e.getMessage());
    }

    @Test
    void positiveIntFloatAndPercentValues() {
        assertEquals(5, ConfigValues.configPositiveIntValue("5"));
        assertThrows(NumberFormatException.class, () -> ConfigValues.configPositiveIntValue("0"));
        assertEquals(2.5, ConfigValues.configFloatValue("2.5", 0.0, 10.0));
        NumberFormatException e = assertThrows(NumberFormatException.class,
                () -> ConfigValues.configFloatValue("11", 0.0, 10.0));
        assertEquals("Config option must be a number, greater than 0.0, less than 10.0, not \"11\".", e.getMessage());
        assertEquals(0.25, ConfigValues.configPercentValue("25"));
        assertThrows(NumberFormatException.class, () -> ConfigValues.configPercentValue("101"));
        assertEquals(0.0, ConfigValues.nonNegativeFloat("0"));
        assertThrows(NumberFormatException.class, () -> ConfigValues.nonNegativeFloat("-1"));
        assertEquals(3, ConfigValues.nonNegativeInt("3"));
        assertThrows(NumberFormatException.class, () -> ConfigValues.nonNegativeInt("-3"));
    }

    @Test
    void fallocateReserveIsBytesOrPercent() {
        assertEquals(new FallocateReserve(1.0, true), ConfigValues.configFallocateValue("1%"));
        assertEquals(new FallocateReserve(2.5, true), ConfigValues.configFallocateValue("2.5%"));
        assertEquals(new FallocateReserve(10737418240.0, false), ConfigValues.configFallocateValue("10737418240"));
        assertEquals(new FallocateReserve(0, false), ConfigValues.configFallocateValue("0"));
        NumberFormatException e = assertThrows(NumberFormatException.class,
                () -> ConfigValues.configFallocateValue("1.5"));
        assertEquals("Error: 1.5 is an invalid value for fallocate_reserve.", e.getMessage());
        assertThrows(NumberFormatException.class, () -> ConfigValues.configFallocateValue("10G"));
    }

    @Test
    void ports() {
        assertEquals(6200, ConfigValues.port("6200"));
        assertThrows(NumberFormatException.class, () -> ConfigValues.port("65536"));
        assertThrows(NumberFormatException.class, () -> ConfigValues.port("-1"));
    }

    @Test
    void listFromCsv() {
        assertEquals(List.of("a", "b", "c"), ConfigValues.listFromCsv(" a, b,,c ,"));
        assertEquals(List.of(), ConfigValues.listFromCsv(""));
        assertEquals(List.of(), ConfigValues.listFromCsv(null));
    }
}
