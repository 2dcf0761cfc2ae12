package org.citysafe.routes.notify;

/** The 119 fire dispatch gateway: the alarm's dossier, once confirmed (or at once when its level confirms itself). */
public class FireDispatchRoute extends JsonPostRoute {

    public static final String ENDPOINT = "direct:notify-fire-119";

    public FireDispatchRoute(HttpReceiver fire119) {
        super(ENDPOINT, "notify-fire-119", fire119);
    }
}
