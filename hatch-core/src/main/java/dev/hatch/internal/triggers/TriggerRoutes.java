package dev.hatch.internal.triggers;

import dev.hatch.Scope;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.http.Route;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /ops/triggers}, {@code PUT /ops/triggers/{name}} (JSON body, see
 * {@link TriggerSpec}) and {@code DELETE /ops/triggers/{name}}, all with the operate scope.
 */
public final class TriggerRoutes {
    private final Triggers triggers;

    /** Routes over the given triggers. */
    public TriggerRoutes(Triggers triggers) {
        this.triggers = triggers;
    }

    /** The routes. */
    public List<Route> routes() {
        return List.of(
                Route.get(Route.PREFIX + "/triggers", Scope.OPERATE, "triggers", this::list),
                new Route("PUT", Route.PREFIX + "/triggers/{name}", Scope.ADMIN, "triggers-put", this::put),
                new Route("DELETE", Route.PREFIX + "/triggers/{name}", Scope.ADMIN, "triggers-delete", this::delete));
    }

    private void list(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        ex.json(200, Map.of("triggers", triggers.list()));
    }

    private void put(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        String name = ex.pathParam("name");
        TriggerSpec spec = TriggerSpec.parse(name, ex.jsonBody());
        boolean created = triggers.put(spec);
        ex.audit("trigger", spec.name());
        ex.audit("condition", spec.condition());
        ex.json(created ? 201 : 200, triggers.get(spec.name()));
    }

    private void delete(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        String name = ex.pathParam("name");
        if (!triggers.delete(name)) {
            throw Problem.notFound("no trigger " + name + "; GET /ops/triggers lists them");
        }
        ex.audit("trigger", name);
    }
}
