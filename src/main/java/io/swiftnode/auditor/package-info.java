/**
 * The object auditor, as Swift 2.30.1's {@code swift-object-auditor}: it walks every object of
 * every replication policy on every local device, re-verifies what the disk layer verifies on open
 * (metadata, stored name against the directory's hash, size against {@code Content-Length}) and, in
 * the ALL pass, reads every body to compare its MD5 with the stored {@code ETag}. A bad object is
 * quarantined ({@code <device>/quarantined/objects[-N]/<hash>}) and its suffix invalidated, so that
 * replication restores a good copy from another node.
 *
 * <p>What this package owns:
 * <ul>
 *   <li>{@link io.swiftnode.auditor.ObjectAuditor}: the CDI daemon ({@code auditor}); one pass runs
 *       the ZBF pass (zero-byte files, metadata only) concurrently with the ALL pass;</li>
 *   <li>{@link io.swiftnode.auditor.AuditorWorker}: one pass of one {@link io.swiftnode.auditor.AuditorType},
 *       with its file rate limit, log lines and recon entries ({@code object_auditor_stats_ALL/ZBF});</li>
 *   <li>{@link io.swiftnode.auditor.AuditWalk}: the walk order (devices shuffled and mount-checked,
 *       partitions resumed from {@link io.swiftnode.auditor.AuditStatusFile}, policies round-robin);</li>
 *   <li>{@link io.swiftnode.auditor.ObjectAudit}: the audit of one hash directory and its outcome;</li>
 *   <li>{@link io.swiftnode.auditor.AuditStats} and {@link io.swiftnode.auditor.SizeBuckets}: counters
 *       and Swift's log lines.</li>
 * </ul>
 *
 * <p>Files written are Swift's own ({@code auditor_status_<TYPE>.json}, {@code object.recon},
 * {@code hashes.invalid}, the quarantine layout), so a Python auditor on the same node resumes our
 * pass and vice versa. All disk access goes through {@link io.swiftnode.disk.DiskFileManager};
 * this package depends on {@code config}, {@code daemon} and {@code disk} only.
 */
package io.swiftnode.auditor;
