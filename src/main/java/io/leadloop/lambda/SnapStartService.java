package io.leadloop.lambda;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A function's service as Lambda SnapStart sees it. Before the snapshot is taken, the service's request path is
 * rehearsed ({@link Rehearsal}), so that a restored container starts with it loaded and compiled. After every
 * restore, the service is wired again from fresh settings: secrets and the configuration document read from SSM
 * at init would otherwise be the snapshot's copies for as long as the version lives, and a rotated webhook secret
 * would never be picked up. The SDK clients the wiring captures are kept, primed.
 */
public final class SnapStartService<S> implements Resource, Supplier<S> {

    /**
     * One pass loads the path's classes; repeating it also gets the path compiled, since C1 compiles a method only
     * after a few hundred calls and each SDK call runs the shared pipeline once. Only the version's publication pays
     * for the repetitions (2-5 s here); docs/PERFORMANCE.md, section 1, has what they buy.
     */
    static final int REHEARSALS = 200;

    private final Supplier<S> wiring;
    private final Function<S, List<Runnable>> rehearsal;
    private volatile S service;

    /** @param rehearsal the steps that rehearse a service's request path; see {@link Rehearsal#run} */
    public SnapStartService(Supplier<S> wiring, Function<S, List<Runnable>> rehearsal) {
        this.wiring = wiring;
        this.rehearsal = rehearsal;
        this.service = wiring.get();
    }

    /**
     * Wires the service and registers the hooks with the global context, which may hold its resources weakly:
     * the caller (the handler) keeps the returned object.
     */
    public static <S> SnapStartService<S> register(Supplier<S> wiring, Function<S, List<Runnable>> rehearsal) {
        SnapStartService<S> service = new SnapStartService<>(wiring, rehearsal);
        Core.getGlobalContext().register(service);
        return service;
    }

    @Override
    public S get() {
        return service;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        List<Runnable> steps = rehearsal.apply(service);
        int refused = 0;
        for (int round = 0; round < REHEARSALS; round++) refused = Rehearsal.run(steps);
        System.out.println("leadloop: SnapStart rehearsal ran " + steps.size() + " steps, " + refused + " of them up to a write or send it refused");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        service = wiring.get();
    }
}
