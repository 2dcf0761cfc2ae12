package org.citysafe.routes.notify;

/** Phone-verification tasks for the 24-hour duty centre (the market platform's early-warning centre). */
public class DutyCentreRoute extends JsonPostRoute {

    public static final String ENDPOINT = "direct:notify-duty-centre";

    public DutyCentreRoute(HttpReceiver dutyCentre) {
        super(ENDPOINT, "notify-duty-centre", dutyCentre);
    }
}
