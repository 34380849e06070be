/**
 * Swift's on-disk object format, byte-compatible with Swift 2.30.1 so that Python Swift nodes and
 * daemons can share the same disks and exchange files with us.
 *
 * <p>Layout of one device ({@code <devices>/<device>/}), policy N using the {@code -N} suffix:
 * <pre>
 *   objects[-N]/&lt;part&gt;/.lock                      partition flock (hashes files)
 *   objects[-N]/&lt;part&gt;/hashes.pkl, hashes.invalid  suffix hashes ({@link io.swiftnode.disk.SuffixHashes})
 *   objects[-N]/&lt;part&gt;/&lt;suffix&gt;/&lt;hash&gt;/          one object ({@link io.swiftnode.disk.DiskFile}):
 *        &lt;ts&gt;.data  &lt;ts&gt;.ts  &lt;ts&gt;[+-&lt;hex&gt;].meta     names and selection: {@link io.swiftnode.disk.OnDiskFiles}
 *                                                  metadata xattrs: {@link io.swiftnode.disk.XattrMetadata}
 *   tmp[-N]/                                     temp files of writes in progress
 *   async_pending[-N]/&lt;hash[-3:]&gt;/&lt;hash&gt;-&lt;ts&gt;     container updates to retry (pickle protocol 0)
 *   quarantined/objects[-N]/&lt;hash&gt;[-&lt;uuid&gt;]/      corrupt objects ({@link io.swiftnode.disk.Quarantine})
 * </pre>
 *
 * <p>{@link io.swiftnode.disk.DiskFileManager} is the one CDI bean through which everything else
 * touches disk. Errors are typed ({@link io.swiftnode.disk.DiskFileError} subclasses) so that the
 * HTTP layer maps them to Swift's statuses. Locks are {@code flock(2)} on Swift's lock files
 * ({@link io.swiftnode.disk.FileLocks}) so that Python processes on the same node are excluded.
 * This package knows nothing of HTTP or daemons.
 */
package io.swiftnode.disk;
