package io.swiftnode.it.diff;

import java.util.function.Predicate;

/**
 * A difference between Swift and our server that is deliberate, because it cannot or should not
 * be removed; matching differences are counted but do not fail the test.
 *
 * @param id a short name
 * @param reason why the difference stays
 * @param matches which differences it covers
 */
public record Intentional(String id, String reason, Predicate<Difference> matches) {
}
