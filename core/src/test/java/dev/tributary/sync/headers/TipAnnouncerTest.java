package dev.tributary.sync.headers;

import static dev.tributary.sync.TestChains.START;
import static dev.tributary.sync.TestChains.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.FakeSyncPeer;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.InventoryItem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** New tips are announced by {@code inv}, coalesced, only to connected peers not known to have them. */
class TipAnnouncerTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final ChainBuilder builder = ChainBuilder.regtest(2, START);
    private final FakeSyncPeer behind = FakeSyncPeer.named("behind").withBestKnownHeight(1);
    private final FakeSyncPeer unknown = FakeSyncPeer.named("unknown");
    private final FakeSyncPeer ahead = FakeSyncPeer.named("ahead").withBestKnownHeight(50);
    private final FakeSyncPeer gone = FakeSyncPeer.named("gone");

    TipAnnouncerTest() {
        builder.extendTip(10);
        gone.disconnect("gone");
    }

    private TipAnnouncer announcer(boolean announceBlocks) {
        return new TipAnnouncer(scheduler, () -> List.of(behind, unknown, ahead, gone), announceBlocks);
    }

    private static InvMessage invOf(int height, ChainBuilder b) {
        return new InvMessage(List.of(InventoryItem.block(at(b, height).hash())));
    }

    @Test
    void aBurstOfBlockTipsIsOneAnnouncementOfTheLastToPeersThatMayNotHaveIt() {
        TipAnnouncer announcer = announcer(true);

        for (int h = 3; h <= 7; h++) {
            announcer.onNewBlockTip(at(builder, h));
        }
        scheduler.advance(TipAnnouncer.DELAY_MILLIS - 1);
        assertThat(behind.sent()).isEmpty();
        scheduler.advance(1);

        assertThat(behind.sent()).containsExactly(invOf(7, builder));
        assertThat(unknown.sent()).containsExactly(invOf(7, builder));
        assertThat(ahead.sent()).as("known to have height 50").isEmpty();
        announcer.onNewBlockTip(at(builder, 8));
        scheduler.advance(TipAnnouncer.DELAY_MILLIS);
        assertThat(behind.sent()).containsExactly(invOf(7, builder), invOf(8, builder));
    }

    @Test
    void aFullNodeAnnouncesBlockTipsAndAHeadersOnlyNodeHeaderTips() {
        TipAnnouncer full = announcer(true);
        full.onNewHeaderTip(at(builder, 9));
        scheduler.advance(1_000);
        assertThat(behind.sent()).as("a full node serves blocks, not headers it lacks bodies for").isEmpty();

        TipAnnouncer headersOnly = announcer(false);
        headersOnly.onNewBlockTip(at(builder, 9));
        headersOnly.onNewHeaderTip(at(builder, 10));
        scheduler.advance(1_000);
        assertThat(behind.sent()).containsExactly(invOf(10, builder));
    }
}
