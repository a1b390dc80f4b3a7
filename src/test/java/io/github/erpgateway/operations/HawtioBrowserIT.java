package io.github.erpgateway.operations;

import org.springframework.test.context.TestPropertySource;

/** HawtioConsoleCheck without a login, as in the demo profile. */
@TestPropertySource(properties = "hawtio.authenticationEnabled=false")
class HawtioBrowserIT extends HawtioConsoleCheck {
}
