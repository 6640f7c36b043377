package dev.hatch.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.TestPki;
import java.security.PrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one PEM reader, shared by the endpoint's TLS files and the command line's client certificates. */
class PemTest {

    @Test
    void readsAChainAndTheKeyOfItsLeafWhateverElseTheFileHolds() throws Exception {
        TestPki.Held ca = TestPki.ca("CN=Pem CA");
        TestPki.Held leaf = TestPki.issue(ca, "CN=leaf", List.of("dns:localhost"));
        String bundle = "comment before\n" + leaf.certificatePem() + ca.certificatePem() + leaf.privateKeyPem() + "\ntrailing text\n";
        assertThat(Pem.certificates(bundle)).containsExactly(leaf.certificate(), ca.certificate());
        PrivateKey key = Pem.privateKey(bundle, "bundle.pem", null);
        assertThat(key.getEncoded()).isEqualTo(leaf.keys().getPrivate().getEncoded());
        assertThat(Pem.privateKey(bundle, "bundle.pem", leaf.certificate().getPublicKey().getAlgorithm()).getEncoded())
                .isEqualTo(key.getEncoded());
    }

    @Test
    void everyFailureSaysWhatIsWrongAndHowToFixIt() {
        String oldRsa = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> Pem.privateKey(oldRsa, "key.pem", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("old RSA format").hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in key.pem");
        String encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assertThatThrownBy(() -> Pem.privateKey(encrypted, "key.pem", null)).hasMessageContaining("the key is encrypted");
        String certOnly = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> Pem.privateKey(certOnly, "key.pem", null)).hasMessageContaining("no PRIVATE KEY block");
        assertThatThrownBy(() -> Pem.certificates(certOnly)).hasMessageStartingWith("not a valid X.509 certificate");
        assertThatThrownBy(() -> Pem.certificates("no pem here")).hasMessageContaining("no PEM block");
        assertThatThrownBy(() -> Pem.blocks("-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----"))
                .hasMessage("the CERTIFICATE block is not valid base64");
        String garbageKey = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> Pem.privateKey(garbageKey, "key.pem", "RSA")).hasMessageContaining("not an RSA, EC or EdDSA private key");
    }
}
