// Test guest (Rust std, wasm32-wasi): files and directories in the pre-open /sandbox, args,
// env, clocks and an exit code through std::process::exit.
use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args: {:?}", args);
    let env: BTreeMap<String, String> = std::env::vars().collect();
    println!("env: {:?}", env);

    let root = "/sandbox/rust";
    fs::create_dir_all(format!("{}/a/b", root)).unwrap();
    fs::write(format!("{}/a/b/data.txt", root), b"0123456789").unwrap();
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(format!("{}/a/b/data.txt", root))
        .unwrap();
    file.seek(SeekFrom::Start(4)).unwrap();
    file.write_all(b"xy").unwrap();
    file.set_len(8).unwrap();
    file.sync_all().unwrap();
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).unwrap();
    file.read_to_string(&mut text).unwrap();
    println!("data: {}", text);
    let meta = fs::metadata(format!("{}/a/b/data.txt", root)).unwrap();
    println!("len {} file {} dir {}", meta.len(), meta.is_file(), meta.is_dir());

    fs::rename(format!("{}/a/b/data.txt", root), format!("{}/a/moved.txt", root)).unwrap();
    fs::hard_link(format!("{}/a/moved.txt", root), format!("{}/a/linked.txt", root)).unwrap();
    fs::copy(format!("{}/a/moved.txt", root), format!("{}/copy.txt", root)).unwrap();
    let mut names: Vec<String> = fs::read_dir(format!("{}/a", root))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    println!("a: {:?}", names);
    fs::remove_file(format!("{}/a/linked.txt", root)).unwrap();
    fs::remove_dir(format!("{}/a/b", root)).unwrap();
    match fs::read_to_string(format!("{}/missing", root)) {
        Ok(_) => println!("missing: found?"),
        Err(e) => println!("missing: {:?}", e.kind()),
    }
    match fs::read_to_string("/sandbox/../etc/passwd") {
        Ok(_) => println!("escape: opened!"),
        Err(_) => println!("escape: refused"),
    }

    let start = Instant::now();
    // Node's WASI may wake up to a millisecond early, so sleep well past the threshold.
    std::thread::sleep(std::time::Duration::from_millis(5));
    println!("slept: {}", start.elapsed().as_millis() >= 2);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    println!("after 2020: {}", now.as_secs() > 1_577_836_800);
    let mut out = std::io::stdout();
    out.flush().unwrap();
    std::process::exit(5);
}
