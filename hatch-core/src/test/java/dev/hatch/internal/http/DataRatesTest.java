package dev.hatch.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The minimum-rate arithmetic on a test clock: streams whose every call "takes" a set time. */
class DataRatesTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong();
    /** How long each read or write of the wrapped streams takes, in test time. */
    private final AtomicLong callTakes = new AtomicLong();

    private DataRates rates(long body, long response) {
        return new DataRates(body, response, 1000 * MS, now::get, false);
    }

    private InputStream slowInput(byte[] data) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                now.addAndGet(callTakes.get());
                return super.read(b, off, Math.min(len, 10));
            }
        };
    }

    private OutputStream slowOutput() {
        return new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                now.addAndGet(callTakes.get());
                super.write(b, off, len);
            }
        };
    }

    @Test
    void aBodyTrickledBelowTheRateIsCutAfterOnePeriodOfWaiting() throws Exception {
        DataRates rates = rates(1000, 0);
        AtomicInteger aborted = new AtomicInteger();
        DataRates.Meter meter = rates.meter(aborted::incrementAndGet);
        meter.watch();
        InputStream in = meter.input(slowInput(new byte[10_000]));
        byte[] buf = new byte[100];
        callTakes.set(100 * MS); // 10 bytes per 100 ms: 100 B/s
        for (int i = 0; i < 9; i++) {
            in.read(buf);
            rates.check();
        }
        assertThat(meter.violation()).as("within the first period").isNull();
        in.read(buf);
        in.read(buf);
        rates.check();
        assertThat(meter.violation()).contains("hatch.limits.min-body-rate").contains("request body");
        assertThat(aborted).hasValue(1);
        assertThatThrownBy(() -> in.read(buf)).isInstanceOf(DataRates.TooSlow.class);
        rates.check();
        assertThat(aborted).as("aborted once").hasValue(1);
    }

    @Test
    void timeTheHandlerSpendsWorkingIsNotTheClientsFault() throws Exception {
        DataRates rates = rates(0, 1000);
        DataRates.Meter meter = rates.meter(() -> { });
        meter.watch();
        OutputStream out = meter.output(slowOutput());
        callTakes.set(MS); // the client reads 100 bytes per ms
        for (int i = 0; i < 20; i++) {
            out.write(new byte[100]);
            now.addAndGet(1000 * MS); // a second of work between writes, e.g. a slow health check
            rates.check();
        }
        assertThat(meter.violation()).isNull();
    }

    @Test
    void bytesMovedFastAtFirstAreNoCreditForLaterPeriods() throws Exception {
        DataRates rates = rates(0, 1000);
        DataRates.Meter meter = rates.meter(() -> { });
        meter.watch();
        OutputStream out = meter.output(slowOutput());
        callTakes.set(1000 * MS);
        out.write(new byte[100_000]); // 100 kB in a second (pieces of 16 kB: 7 s of waiting in all)
        rates.check();
        assertThat(meter.violation()).isNull();
        callTakes.set(2000 * MS);
        out.write(new byte[10]); // then 10 bytes in 2 s
        rates.check();
        assertThat(meter.violation()).contains("hatch.limits.min-response-rate");
    }

    @Test
    void aMeterNotWatchedOrClosedIsNeverCut() throws Exception {
        DataRates rates = rates(1000, 1000);
        DataRates.Meter meter = rates.meter(() -> { });
        InputStream in = meter.input(slowInput(new byte[100]));
        callTakes.set(5000 * MS);
        in.read(new byte[10]);
        rates.check();
        assertThat(meter.violation()).isNull();
        meter.watch();
        meter.close();
        rates.check();
        assertThat(meter.violation()).isNull();
        assertThat(rates.watched()).isZero();
    }

    @Test
    void ratesOfZeroCheckNothing() throws IOException {
        DataRates rates = rates(0, 0);
        DataRates.Meter meter = rates.meter(() -> { });
        meter.watch();
        assertThat(rates.watched()).isZero();
        rates.close();
    }
}
