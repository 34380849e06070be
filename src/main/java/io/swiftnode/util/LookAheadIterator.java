package io.swiftnode.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator whose elements are computed lazily one ahead: subclasses say how to produce the
 * next element ({@code null} at the end), this class keeps it until {@link #next} hands it out.
 * An {@link IOException} of {@link #computeNext} surfaces as {@link UncheckedIOException}.
 *
 * <p>Not thread-safe, as iterators are.
 *
 * @param <T> the element type (never null)
 */
public abstract class LookAheadIterator<T> implements Iterator<T> {
    private T next;

    /** The next element, or null when there are no more. */
    protected abstract T computeNext() throws IOException;

    @Override
    public final boolean hasNext() {
        if (next == null) {
            try {
                next = computeNext();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return next != null;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T t = next;
        next = null;
        return t;
    }
}
