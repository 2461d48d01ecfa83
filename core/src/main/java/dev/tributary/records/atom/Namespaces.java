package dev.tributary.records.atom;

/**
 * The XML namespaces of SData sync documents ({@code shared/data/sdata/protocol.md} section 1). Readers accept the
 * legacy {@link #SDATA_LEGACY} spelling (the specification's walkthrough prints it for tracking payloads) and
 * {@code isDeleted} in the sync namespace; writers emit only the canonical ones.
 */
public final class Namespaces {
    public static final String ATOM = "http://www.w3.org/2005/Atom";
    public static final String SDATA = "http://schemas.sage.com/sdata/2008/1";
    public static final String SDATA_LEGACY = "http://schemas.sage.com/sdata/2008";
    public static final String SYNC = "http://schemas.sage.com/sdata/sync/2008/1";
    public static final String HTTP = "http://schemas.sage.com/sdata/http/2008/1";
    public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    /** The namespace Tributary writes resource payloads in (a contract's own namespace in SData terms). */
    public static final String RECORDS = "http://tributary.dev/sdata/records";

    private Namespaces() {
    }

    /** Whether {@code uri} is the sdata namespace in either spelling. */
    public static boolean isSdata(String uri) {
        return SDATA.equals(uri) || SDATA_LEGACY.equals(uri);
    }
}
