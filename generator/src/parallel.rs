//! Work spread over the cores: for the stages of a large spec that handle many independent pieces.

use std::sync::Mutex;

/// `f` of each item, in the order of the items, computed on as many threads as there are cores, each
/// taking the next item not yet taken. The result does not depend on the number of threads.
pub(crate) fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads < 2 {
        return items.into_iter().map(f).collect();
    }
    let count = items.len();
    let queue = Mutex::new(items.into_iter().enumerate());
    let work = || {
        let mut done = Vec::new();
        loop {
            // A panic in `f` is resumed below, so a poisoned queue is still one to take from.
            let next = queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).next();
            let Some((i, item)) = next else { break done };
            done.push((i, f(item)));
        }
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut done = Vec::with_capacity(count);
        done.extend(work());
        for helper in helpers {
            done.extend(helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<usize> = (0..1000).collect();
        let squares = super::map(items, |n| {
            // Uneven work, so that the threads finish items out of order.
            if n % 7 == 0 {
                std::thread::yield_now();
            }
            n * n
        });
        assert_eq!(squares, (0..1000).map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn no_items_give_no_results() {
        assert!(super::map(Vec::<u8>::new(), |n| n).is_empty());
    }
}
