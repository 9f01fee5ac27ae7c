//! The app's entry: the yew app in the browser, the lab authors' CLI natively.

#[cfg(target_arch = "wasm32")]
fn main() {
    devops_lab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = course::cli::run(&args, &mut std::io::stdout());
    std::process::exit(code);
}
