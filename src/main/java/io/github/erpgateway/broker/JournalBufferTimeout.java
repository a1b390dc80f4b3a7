package io.github.erpgateway.broker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * How long the embedded broker's journal gathers writes before one sync to disk (Artemis' journal-buffer-timeout).
 * Every persistent send waits for that sync, so the timeout is the floor of a webhook's latency. Artemis' embedded
 * default is 3.3 ms (a disk of 300 syncs a second); {@code artemis create} instead measures the disk and sets the time
 * of one sync (116 us on the benchmark machine, where a sync takes about 0.2 ms). Unless
 * {@code gateway.broker.journal-buffer-timeout} is set, the gateway measures the same way at start: {@link #SYNCS}
 * 4 KiB writes, each followed by a sync, in the broker's data directory.
 */
final class JournalBufferTimeout {

    static final int SYNCS = 64;
    /** Writes before the measured ones: the file's first blocks cost more (allocation, metadata). */
    static final int WARM_UP = 8;
    static final Duration MIN = Duration.ofNanos(20_000);
    static final Duration MAX = Duration.ofMillis(20);

    private JournalBufferTimeout() {
    }

    /** The time of one 4 KiB write and sync in {@code dir}, averaged over {@link #SYNCS}. */
    static Duration measureSync(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "journal-sync-test", ".tmp");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocateDirect(4096);
            long started = 0;
            for (int i = 0; i < WARM_UP + SYNCS; i++) {
                if (i == WARM_UP) {
                    started = System.nanoTime();
                }
                block.clear();
                channel.write(block, (long) i * block.capacity());
                channel.force(false);
            }
            return Duration.ofNanos((System.nanoTime() - started) / SYNCS);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A measured sync time as the timeout, within {@link #MIN} and {@link #MAX}. */
    static Duration fromSync(Duration sync) {
        return sync.compareTo(MIN) < 0 ? MIN : sync.compareTo(MAX) > 0 ? MAX : sync;
    }
}
