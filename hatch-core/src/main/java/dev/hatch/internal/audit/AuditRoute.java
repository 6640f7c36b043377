package dev.hatch.internal.audit;

import dev.hatch.Scope;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Json;
import dev.hatch.internal.http.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /ops/audit?limit=N}: the newest audit records, newest last, for the {@code admin} scope. */
public final class AuditRoute implements Capability {
    private final AuditLog log;

    /** Serves the given log. */
    public AuditRoute(AuditLog log) {
        this.log = log;
    }

    /** The routes. */
    @Override
    public List<Route> routes() {
        return List.of(Route.get(Route.PREFIX + "/audit", Scope.ADMIN, "audit", this::newest));
    }

    private void newest(Exchange ex) throws Exception {
        ex.allowOnly(Set.of("limit"));
        int limit = ex.intParam("limit", 100, 1, 1000);
        List<Object> records = new ArrayList<>();
        for (String line : log.newest(limit)) {
            records.add(Json.parse(line));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file", log.file().toString());
        body.put("records", records);
        ex.json(200, body);
    }
}
