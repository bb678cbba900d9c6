//! Stands for a user's application that adds one venue crate (`coinw-spot`) to its own JSON
//! code. The tests in `tests/` show that code behaves exactly as it would without the venue
//! crate: no serde_json feature that changes parsing comes in with it. Run alone
//! (`cargo test -p user-app-check`), its build is the one a user gets.
