/**
 * The Python pickle formats Swift 2.30.1 keeps on disk and sends between nodes, read and written
 * byte-compatibly with the Python object servers, replicators and updaters of the same cluster
 * (object-disk-format.md §6, §10.1, §11, §15):
 * <ul>
 *   <li>{@link io.swiftnode.disk.pickle.MetadataPickle}: object metadata, the content of the
 *       {@code user.swift.metadata*} xattrs (protocol 2, Python 3 style bytes);</li>
 *   <li>{@link io.swiftnode.disk.pickle.HashesPickle}: a partition's {@code hashes.pkl} and the
 *       {@code REPLICATE} response body (protocol 2, text keys);</li>
 *   <li>{@link io.swiftnode.disk.pickle.AsyncPendingPickle}: async pending container updates
 *       (protocol 0);</li>
 *   <li>{@link io.swiftnode.disk.pickle.PyCodecs}: the Python text codecs these depend on
 *       (UTF-8 with {@code surrogateescape}, latin-1 "WSGI strings").</li>
 * </ul>
 * Reading goes through razorvine's unpickler, restricted to the globals Swift uses
 * ({@code SwiftUnpickler}); writing emits CPython's opcode choices directly
 * ({@code PickleWriter}). Everything here is stateless and thread-safe.
 */
package io.swiftnode.disk.pickle;
