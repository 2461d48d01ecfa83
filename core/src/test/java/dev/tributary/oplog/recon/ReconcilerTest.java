package dev.tributary.oplog.recon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    /** What a whole reconciliation cost and found. */
    record Run(int roundTrips, long bytes, int maxMessage, Set<ReconItem> need, Set<ReconItem> have) {
    }

    static Run reconcile(SortedItems mine, SortedItems theirs) throws ReconException {
        Reconciler me = new Reconciler(mine, true);
        Reconciler peer = new Reconciler(theirs, false);
        Set<ReconItem> need = new HashSet<>();
        Set<ReconItem> have = new HashSet<>();
        byte[] msg = me.initiate();
        long bytes = msg.length;
        int max = msg.length;
        int rounds = 0;
        while (msg != null) {
            rounds++;
            assertThat(rounds).as("round trips").isLessThan(10_000);
            byte[] answer = peer.reconcile(msg).reply();
            bytes += answer.length;
            max = Math.max(max, answer.length);
            Reconciler.Result r = me.reconcile(answer);
            need.addAll(r.need());
            have.addAll(r.have());
            msg = r.reply();
            if (msg != null) {
                bytes += msg.length;
                max = Math.max(max, msg.length);
            }
        }
        return new Run(rounds, bytes, max, need, have);
    }

    private static ReconItem item(Random r, long time) {
        byte[] id = new byte[32];
        r.nextBytes(id);
        return new ReconItem(time, id);
    }

    private static SortedItems of(List<ReconItem> items) {
        SortedItems s = new SortedItems();
        items.forEach(i -> s.add(i.time(), i.id()));
        return s;
    }

    @Test
    void replicasAlreadyInSyncTakeOneRoundTripWhateverTheirSize() throws Exception {
        Random r = new Random(1);
        List<ReconItem> all = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            all.add(item(r, i / 3));
        }
        Run run = reconcile(of(all), of(all));
        assertThat(run.roundTrips()).isEqualTo(1);
        assertThat(run.need()).isEmpty();
        assertThat(run.have()).isEmpty();
        assertThat(run.bytes()).isLessThan(400);
    }

    @Test
    void oneDifferenceAmongAMillionTakesAFewRoundTripsAndAFewKilobytes() throws Exception {
        Random r = new Random(2);
        SortedItems mine = new SortedItems();
        SortedItems theirs = new SortedItems();
        ReconItem missing = null;
        for (int i = 0; i < 1_000_000; i++) {
            ReconItem it = item(r, i);
            theirs.add(it.time(), it.id());
            if (i == 612_345) {
                missing = it;
            } else {
                mine.add(it.time(), it.id());
            }
        }
        Run run = reconcile(mine, theirs);
        assertThat(run.need()).containsExactly(missing);
        assertThat(run.have()).isEmpty();
        assertThat(run.roundTrips()).isLessThanOrEqualTo(5);
        assertThat(run.bytes()).isLessThan(8_000);
        System.out.println("1 of 1,000,000: round trips=" + run.roundTrips() + " bytes=" + run.bytes());
    }

    @Test
    void aFreshReplicaLearnsAHundredThousandIdsInAFewBoundedMessages() throws Exception {
        Random r = new Random(3);
        List<ReconItem> all = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            all.add(item(r, i));
        }
        Run run = reconcile(new SortedItems(), of(all));
        assertThat(run.need()).hasSize(100_000);
        assertThat(run.maxMessage()).isLessThanOrEqualTo(Reconciler.MAX_MESSAGE);
        assertThat(run.roundTrips()).isLessThanOrEqualTo(8);
    }

    @Property(tries = 200)
    void bothSidesLearnExactlyTheirDifferences(@ForAll @IntRange(min = 0, max = 3000) int shared,
            @ForAll @IntRange(min = 0, max = 200) int onlyMine, @ForAll @IntRange(min = 0, max = 200) int onlyTheirs,
            @ForAll @IntRange(min = 1, max = 50) int timeSpread, @ForAll long seed) throws Exception {
        Random r = new Random(seed);
        List<ReconItem> mineList = new ArrayList<>();
        List<ReconItem> theirsList = new ArrayList<>();
        for (int i = 0; i < shared; i++) {
            ReconItem it = item(r, r.nextInt(timeSpread * 10 + 1));
            mineList.add(it);
            theirsList.add(it);
        }
        Set<ReconItem> expectHave = new HashSet<>();
        Set<ReconItem> expectNeed = new HashSet<>();
        for (int i = 0; i < onlyMine; i++) {
            ReconItem it = item(r, r.nextInt(timeSpread * 10 + 1));
            mineList.add(it);
            expectHave.add(it);
        }
        for (int i = 0; i < onlyTheirs; i++) {
            ReconItem it = item(r, r.nextInt(timeSpread * 10 + 1));
            theirsList.add(it);
            expectNeed.add(it);
        }
        Run run = reconcile(of(mineList), of(theirsList));
        assertThat(run.need()).isEqualTo(expectNeed);
        assertThat(run.have()).isEqualTo(expectHave);
        if (expectHave.isEmpty() && expectNeed.isEmpty()) {
            assertThat(run.roundTrips()).isEqualTo(1);
        }
    }

    @Test
    void malformedMessagesAreRefusedWithAReason() {
        Reconciler peer = new Reconciler(new SortedItems(), false);
        assertThatThrownBy(() -> peer.reconcile(new byte[] {0x60})).hasMessageContaining("version");
        assertThatThrownBy(() -> peer.reconcile(new byte[] {0x61, 5, 0, 9})).hasMessageContaining("mode");
        // two ranges ending at the same bound
        assertThatThrownBy(() -> peer.reconcile(new byte[] {0x61, 5, 0, 0, 5, 0, 0})).hasMessageContaining("ascending");
        assertThatThrownBy(() -> peer.reconcile(new byte[Reconciler.MAX_MESSAGE + 1])).hasMessageContaining("at most");
        // an id list claiming more ids than fit
        assertThatThrownBy(() -> peer.reconcile(new byte[] {0x61, 0, 0, 2, 100})).hasMessageContaining("does not fit");
    }
}
