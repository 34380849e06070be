/**
 * Object replication (Swift's {@code ObjectReplicator}): the replicator daemon's passes over local
 * and handoff partitions, the REPLICATE client that compares suffix hashes with peers, and the
 * transports that push differing suffixes ({@link io.swiftnode.replication.SyncTransport}: rsync and
 * SSYNC senders). The SSYNC receiver's protocol logic lives here too; the HTTP verb that serves it is
 * in {@code http}.
 *
 * <p>SSYNC: {@link io.swiftnode.replication.SsyncMessages} (line texts, want computation, Python
 * reprs for error lines), {@link io.swiftnode.replication.SsyncReceiver} (one request's exchange over
 * plain streams; the HTTP layer supplies the body, a flushing chunk writer and a subrequest runner)
 * and {@link io.swiftnode.replication.SsyncSender} (the {@code ssync} transport; a replicator builds
 * it with {@code new SsyncSender(diskFileManager, conf.connTimeout(), conf.nodeTimeout(),
 * conf.httpTimeout(), conf.networkChunkSize())} from its {@code ReplicatorConfig}).
 *
 * <p>Depends on {@code disk}, {@code ring}, {@code daemon} and {@code config}; nothing but {@code http}
 * (for the SSYNC receiver) and {@code ops} depends on it.
 */
package io.swiftnode.replication;
