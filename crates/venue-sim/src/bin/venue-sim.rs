//! Runs the simulator until Ctrl-C, printing each venue's base URL.

use std::net::SocketAddr;

use clap::Parser;
use venue_sim::{OrderBook, Sim, Venue};

#[derive(Parser)]
#[command(about = "Simulates the venues' order-query endpoints on loopback, with the spec examples loaded")]
struct Args {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:0")]
    addr: SocketAddr,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let sim = Sim::start_on(args.addr, OrderBook::seeded()).await?;
    for venue in Venue::ALL {
        println!("{:<14} {}", venue.name(), sim.url(venue));
    }
    tokio::signal::ctrl_c().await?;
    sim.stop().await;
    Ok(())
}
