use venue_sim::Venue;

use super::{Answer, Failure};
use crate::generated::commands::{{Camel}};
use crate::keys;
use crate::target::Target;

/// Keys from `{{SNAKE}}_API_KEY` and `{{SNAKE}}_API_SECRET`.
pub async fn run(command: {{Camel}}, target: &Target) -> Result<Answer, Failure> {
    let keys = || keys::hmac("{{name}}", "{{SNAKE}}_API_KEY", "{{SNAKE}}_API_SECRET");
    let config = target.rest(Venue::{{Camel}}, {{snake}}::Client::ENVIRONMENTS, command.is_signed(), keys)?;
    command.run(|| Ok({{snake}}::Client::with_config(config)?)).await
}
