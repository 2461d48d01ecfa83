package dev.tributary.records.atom;

import static dev.tributary.records.atom.AtomGoldenTest.resource;
import static dev.tributary.records.atom.AtomGoldenTest.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.records.Digest;
import dev.tributary.records.DigestEntry;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.SyncMode;
import dev.tributary.records.SyncState;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Bad input gives a clear error and never a crash; whatever the writer writes, the reader reads back. */
class AtomReaderRobustnessTest {
    private final AtomReader reader = new AtomReader(3, 4);

    @Property(tries = 300)
    void anyBytesGiveADocumentOrAClearError(@ForAll byte[] bytes) {
        try {
            reader.readFeed(new ByteArrayInputStream(bytes));
        } catch (MalformedDocumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void anyMutationOfAGoldenFeedGivesADocumentOrAClearError(@ForAll("cuts") int[] cut) {
        String golden = resource("golden/catchup-page1.xml");
        int from = cut[0] % golden.length();
        int to = Math.min(golden.length(), from + cut[1]);
        String mutated = golden.substring(0, from) + golden.substring(to);
        try {
            new AtomReader().readFeed(stream(mutated));
        } catch (MalformedDocumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<int[]> cuts() {
        return Combinators.combine(Arbitraries.integers().between(0, 5000), Arbitraries.integers().between(1, 80))
                .as((a, b) -> new int[] {a, b});
    }

    @Test
    void externalEntitiesAreNotResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&x;</title></feed>";
        assertThatThrownBy(() -> reader.readFeed(stream(xxe))).isInstanceOf(MalformedDocumentException.class);
    }

    @Test
    void tooManyEntriesAreRefused() {
        List<SyncEntryDocument> entries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            entries.add(new SyncEntryDocument("", "t", null, Record.tombstone("u" + i, SyncState.of("E", i, null))));
        }
        SyncFeedDocument feed = new SyncFeedDocument("urn:f", "t", null, List.of(), SyncMode.CATCH_UP,
                Digest.of("E", List.of(new DigestEntry("E", 5, null, 1))), "item", entries);
        String xml = AtomWriter.toString(out -> new AtomWriter().writeFeed(feed, out));
        assertThatThrownBy(() -> reader.readFeed(stream(xml))).hasMessageContaining("more than 3 entries");
    }

    @Test
    void aFeedWithoutModeOrDigestIsRefusedSayingWhichIsMissing() {
        String noMode = "<feed xmlns='http://www.w3.org/2005/Atom'/>";
        assertThatThrownBy(() -> reader.readFeed(stream(noMode))).hasMessageContaining("no sync:syncMode");
        String noDigest = "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:sync='" + Namespaces.SYNC
                + "'><sync:syncMode>catchUp</sync:syncMode></feed>";
        assertThatThrownBy(() -> reader.readFeed(stream(noDigest))).hasMessageContaining("no sync:digest");
    }

    @Test
    void nestedPropertiesAndBadNumbersAreRefusedClearly() {
        String head = "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:sync='" + Namespaces.SYNC + "' xmlns:sdata='"
                + Namespaces.SDATA + "'><sync:syncMode>catchUp</sync:syncMode><sync:digest><sync:digestEntry>"
                + "<sync:endpoint>A</sync:endpoint><sync:tick>TICK</sync:tick></sync:digestEntry></sync:digest>"
                + "<entry><sync:syncState><sync:endpoint>A</sync:endpoint><sync:tick>1</sync:tick></sync:syncState>"
                + "<sdata:payload><account sdata:uuid='u'>PROPS</account></sdata:payload></entry></feed>";
        assertThatThrownBy(() -> reader.readFeed(stream(head.replace("TICK", "5")
                .replace("PROPS", "<lines><line>1</line></lines>"))))
                .hasMessageContaining("property lines of entry 1 holds elements");
        assertThatThrownBy(() -> reader.readFeed(stream(head.replace("TICK", "five").replace("PROPS", ""))))
                .hasMessageContaining("tick 'five' is not an integer");
        assertThatThrownBy(() -> reader.readFeed(stream(head.replace("TICK", "-2").replace("PROPS", ""))))
                .hasMessageContaining("never negative");
    }

    @Property(tries = 100)
    void whatTheWriterWritesTheReaderReadsBack(@ForAll("feeds") SyncFeedDocument feed) throws Exception {
        String xml = AtomWriter.toString(out -> new AtomWriter().writeFeed(feed, out));
        assertThat(new AtomReader().readFeed(stream(xml))).isEqualTo(feed);
    }

    @Provide
    Arbitrary<SyncFeedDocument> feeds() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withChars("é€<>&\"'").ofMaxLength(12)
                .map(String::strip);
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
        Arbitrary<Instant> stamps = Arbitraries.longs().between(0, 4_000_000_000_000L).map(Instant::ofEpochMilli);
        Arbitrary<Record> records = Combinators.combine(names, Arbitraries.longs().between(0, 1000),
                stamps.injectNull(0.3), Arbitraries.maps(names, text.injectNull(0.2)).ofMaxSize(4),
                Arbitraries.of(true, false)).as((uuid, tick, stamp, props, deleted) -> deleted
                        ? Record.tombstone(uuid, SyncState.of("E", tick, stamp))
                        : Record.live(uuid, SyncState.of("E", tick, stamp), Payload.of("item", new LinkedHashMap<>(props))));
        return Combinators.combine(text, records.list().ofMaxSize(3), Arbitraries.of(SyncMode.class))
                .as((title, recs, mode) -> {
                    List<SyncEntryDocument> entries = new ArrayList<>();
                    for (Record r : recs) {
                        entries.add(new SyncEntryDocument("", title, null, r));
                    }
                    Digest d = Digest.of("E", List.of(new DigestEntry("E", 1001, null, 4)));
                    return new SyncFeedDocument("urn:feed", title, null, List.of(), mode, d, recs.isEmpty() ? null : "item",
                            entries);
                });
    }

    @Test
    void entryPropertyLimitIsEnforced() {
        Map<String, String> five = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            five.put("p" + i, "v");
        }
        SyncFeedDocument feed = new SyncFeedDocument("urn:f", "t", null, List.of(), SyncMode.CATCH_UP,
                Digest.of("E", List.of(new DigestEntry("E", 2, null, 1))), "item", List.of(new SyncEntryDocument("",
                        "t", null, Record.live("u", SyncState.of("E", 1, null), Payload.of("item", five)))));
        String xml = AtomWriter.toString(out -> new AtomWriter().writeFeed(feed, out));
        assertThatThrownBy(() -> reader.readFeed(stream(xml))).hasMessageContaining("more than 4 properties");
    }
}
