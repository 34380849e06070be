package io.swiftnode.replication;

import io.swiftnode.config.ReplicatorConfig;
import io.swiftnode.disk.PolicyDirs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code sync_method = rsync}: runs the real {@code rsync} binary to push suffix directories to the
 * peer's rsync daemon module, then asks the peer to rehash them with a REPLICATE call (on success,
 * or always for a primary partition), as Swift 2.30.1's replicator does.
 *
 * <p>Command: {@code rsync --recursive --whole-file --human-readable --xattrs --itemize-changes
 * --ignore-existing --timeout=<rsync_io_timeout> --contimeout=<rsync_io_timeout>
 * --bwlimit=<rsync_bwlimit> --exclude=.*.XXXXXX [--compress] <suffix dirs…>
 * <module>/<device>/objects[-N]/<partition>}; the module comes from {@code rsync_module}. The process
 * is killed after {@code rsync_timeout} seconds (a hung rsync never holds the pass), and an
 * interrupt (daemon stopping) kills it too.
 *
 * <p>Thread-safe: stateless apart from immutable settings; each sync runs its own process.
 */
public final class RsyncTransport implements SyncTransport {
    private static final Logger LOG = Logger.getLogger(RsyncTransport.class.getName());
    private static final String EXCLUDE = "--exclude=.*." + "[0-9a-zA-Z]".repeat(6);

    private final ReplicatorConfig conf;
    private final ReplicateClient replicate;
    private final String rsyncBinary;

    public RsyncTransport(ReplicatorConfig conf, ReplicateClient replicate) {
        this(conf, replicate, "rsync");
    }

    RsyncTransport(ReplicatorConfig conf, ReplicateClient replicate, String rsyncBinary) {
        this.conf = conf;
        this.replicate = replicate;
        this.rsyncBinary = rsyncBinary;
    }

    @Override
    public Result sync(SyncJob job, SyncTarget target, List<String> suffixes, Set<String> remoteCheckObjs)
            throws InterruptedException {
        if (!Files.exists(job.partitionPath())) {
            return Result.FAILED;
        }
        List<String> args = command(job, target, suffixes);
        if (args == null) {
            return Result.FAILED;
        }
        boolean success = run(args) == 0;
        if (success || !job.handoff()) {
            invalidateRemote(job, target, suffixes);
        }
        return new Result(success, Map.of());
    }

    /** One partition's share of a batched rsync: a primary partition of one local device. */
    record BatchItem(SyncJob job, List<String> suffixes) {
    }

    /**
     * Pushes the suffixes of several primary partitions of one local device and policy to one target
     * with a single rsync ({@code --relative}, sources {@code <objects>/./<part>/<suffix>}, destination
     * {@code <module>/<device>/objects[-N]}): the same files arrive where one rsync per partition
     * would put them, without paying rsync's start-up and handshake per partition. Then, as for a
     * single primary partition, the peer is asked to rehash each partition's suffixes.
     *
     * @return whether rsync succeeded (for every item alike)
     */
    boolean syncBatch(SyncTarget target, List<BatchItem> items) throws InterruptedException {
        List<String> args = baseArgs();
        args.add("--relative");
        int paths = 0;
        for (BatchItem item : items) {
            Path objects = item.job().partitionPath().getParent();
            for (String s : item.suffixes()) {
                if (Files.exists(item.job().partitionPath().resolve(s))) {
                    args.add(objects + "/./" + item.job().partition() + "/" + s);
                    paths++;
                }
            }
        }
        boolean success = false;
        if (paths > 0) {
            SyncJob first = items.get(0).job();
            args.add(RsyncModule.interpolate(conf.rsyncModule(), target) + "/" + target.device() + "/"
                    + PolicyDirs.objects(first.policy()));
            success = run(args) == 0;
        }
        for (BatchItem item : items) {
            invalidateRemote(item.job(), target, item.suffixes());
        }
        return success;
    }

    private void invalidateRemote(SyncJob job, SyncTarget target, List<String> suffixes) {
        try {
            replicate.invalidate(target, job.partition(), suffixes, job.policy());
        } catch (IOException e) {
            // Swift does not check this answer; the peer rehashes on its next pass anyway
            LOG.warning(() -> "REPLICATE of suffixes to " + target + " failed: " + e.getMessage());
        }
    }

    private List<String> baseArgs() {
        return new ArrayList<>(List.of(rsyncBinary, "--recursive", "--whole-file", "--human-readable",
                "--xattrs", "--itemize-changes", "--ignore-existing",
                "--timeout=" + conf.rsyncIoTimeout(), "--contimeout=" + conf.rsyncIoTimeout(),
                "--bwlimit=" + conf.rsyncBwlimit(), EXCLUDE));
    }

    /** The rsync command line, or null when none of the suffix directories exists locally. */
    List<String> command(SyncJob job, SyncTarget target, List<String> suffixes) {
        List<String> args = baseArgs();
        if (conf.rsyncCompress() && job.region() != target.region()) {
            args.add("--compress");
        }
        boolean any = false;
        for (String s : suffixes) {
            Path p = job.partitionPath().resolve(s);
            if (Files.exists(p)) {
                args.add(p.toString());
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        args.add(RsyncModule.interpolate(conf.rsyncModule(), target) + "/" + target.device() + "/"
                + PolicyDirs.objects(job.policy()) + "/" + job.partition());
        return args;
    }

    /** Runs rsync with the hard timeout; the exit status, 1 on timeout or failure to start. */
    int run(List<String> args) throws InterruptedException {
        long start = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(args).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            LOG.severe(() -> limit("Failed to run rsync: " + e.getMessage() + ": " + args));
            return 1;
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        boolean done;
        try {
            done = p.waitFor(conf.rsyncTimeout(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        if (!done) {
            LOG.severe(limit("Killing long-running rsync after " + conf.rsyncTimeout() + "s: " + args));
            p.destroyForcibly();
            p.waitFor(1, TimeUnit.SECONDS);
            return 1;
        }
        int ret = p.exitValue();
        String out;
        try {
            out = output.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            out = "";
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (String line : out.split("\n")) {
            if (line.isEmpty() || line.startsWith("cd+")) {
                continue;
            }
            if (line.startsWith("<") && !conf.logRsyncTransfers()) {
                continue;
            }
            LOG.log(ret == 0 ? Level.FINE : Level.SEVERE, line);
        }
        if (ret != 0) {
            LOG.severe(limit("Bad rsync return code: " + ret + " <- " + args));
        } else {
            String src = args.get(args.size() - 2);
            String msg = String.format("Successful rsync of %s... to %s (%.3f)",
                    src.substring(0, Math.max(0, src.length() - 3)), args.get(args.size() - 1), seconds);
            LOG.log(out.isEmpty() ? Level.FINE : Level.INFO, msg);
        }
        return ret;
    }

    private String limit(String line) {
        int max = conf.rsyncErrorLogLineLength();
        return max > 0 && line.length() > max ? line.substring(0, max) : line;
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
