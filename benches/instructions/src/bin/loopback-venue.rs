//! The simulator in a process of its own, for the instruction benchmarks: callgrind then counts
//! only the client's instructions. Prints `rest <venue> <url>` for each venue, `ws <url>`, then
//! `ready`, and stops when its standard input closes (when the benchmark process ends).

use tokio::io::AsyncReadExt;
use venue_sim::{Sim, Venue};

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let sim = Sim::start().await?;
    for venue in Venue::ALL {
        println!("rest {} {}", venue.name(), sim.url(venue));
    }
    println!("ws {}", sim.ws_url());
    println!("ready");
    let mut sink = Vec::new();
    let _ = tokio::io::stdin().read_to_end(&mut sink).await;
    sim.stop().await;
    Ok(())
}
