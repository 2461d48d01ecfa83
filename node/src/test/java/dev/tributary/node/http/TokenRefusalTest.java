package dev.tributary.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a node's 401 says a request without a token is: a verify is not told it changes the node. */
class TokenRefusalTest {
    @Test
    void aVerifyIsRefusedForWhatItDoesAndAWriteForChangingTheNode() {
        assertThat(HttpApi.needsToken("/records/customers/$syncVerify"))
                .isEqualTo("a verify reads the hashes of the collection's rows and needs the node's token");
        assertThat(HttpApi.needsToken("/records/customers/$syncTarget"))
                .isEqualTo("this request changes the node and needs its token");
        assertThat(HttpApi.needsToken("/mine")).isEqualTo("this request changes the node and needs its token");
    }
}
