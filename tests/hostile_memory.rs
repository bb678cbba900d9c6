//! Memory stays bounded whatever size the venue sends: an endless body, a 1 GiB body, a 1 GiB
//! error body. A counting global allocator measures the bytes this process holds at its peak
//! during each call; one test in this binary, so nothing else allocates meanwhile. (The
//! WebSocket limit is shown in `binance_usdm_ws.rs`: there the simulator's own copies of a
//! large frame, in this same process, would swamp the measurement.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use binance_usdm::{AlgoOrderRef, Clock, Config, Credentials, Error};
use venue_sim::{Fault, Sim, Venue, accounts};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size >= layout.size() {
                let now = CURRENT.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most this process held above what it held when `f` started, while `f` ran.
async fn peak_growth<T>(f: impl std::future::Future<Output = T>) -> (T, usize) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f.await;
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

const MIB: usize = 1024 * 1024;

#[tokio::test(flavor = "current_thread")]
async fn memory_stays_near_the_limit_whatever_the_venue_sends() {
    let sim = Sim::start().await.unwrap();
    let config = Config::new(sim.url(Venue::BinanceUsdm))
        .credentials(Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET))
        .clock(Clock::with_offset_ms(0));
    let client = binance_usdm::Client::with_config(config.clone()).unwrap();
    // Warm up: the connection pool and the simulator's first allocations are not the call's.
    client.query_algo_order(AlgoOrderRef::AlgoId(2146760)).await.unwrap();

    let path = "/fapi/v1/algoOrder";
    for fault in
        [Fault::Endless, Fault::Huge { status: 200, bytes: 1 << 30 }, Fault::Huge { status: 500, bytes: 1 << 30 }]
    {
        sim.faults().next(path, fault.clone());
        let (result, grown) = peak_growth(client.query_algo_order(AlgoOrderRef::AlgoId(2146760))).await;
        assert!(matches!(result, Err(Error::ResponseTooLarge { limit: MIB })), "{fault:?}: {result:?}");
        // The 1 MiB limit, plus a network chunk or two and the client's buffers (measured: 1.0-1.6 MiB).
        assert!(grown < 4 * MIB, "{fault:?}: the call held {grown} bytes at its peak");
        println!("{fault:?}: peak growth {grown} bytes");
    }

    sim.stop().await;
}
