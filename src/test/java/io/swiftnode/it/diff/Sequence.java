package io.swiftnode.it.diff;

import java.util.List;

/**
 * Requests sent in order to both servers (usually about one object), after which the two device
 * trees are compared.
 *
 * @param name a unique name, e.g. {@code conditionals-7}
 * @param requests the requests in order
 */
public record Sequence(String name, List<RawRequest> requests) {
    public Sequence {
        requests = List.copyOf(requests);
    }
}
