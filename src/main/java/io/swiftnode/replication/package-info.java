/**
 * Object replication (Swift's {@code ObjectReplicator}): the replicator daemon's passes over local
 * and handoff partitions, the REPLICATE client that compares suffix hashes with peers, and the
 * transports that push differing suffixes ({@link io.swiftnode.replication.SyncTransport}: rsync and
 * SSYNC senders). The SSYNC receiver's protocol logic lives here too; the HTTP verb that serves it is
 * in {@code http}.
 *
 * <p>Depends on {@code disk}, {@code ring}, {@code daemon} and {@code config}; nothing but {@code http}
 * (for the SSYNC receiver) and {@code ops} depends on it.
 */
package io.swiftnode.replication;
