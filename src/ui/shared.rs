//! Props that point at data instead of copying it. The catalogue lives for the whole run
//! (`crate::labs::catalogue()` is `&'static`), so a lab and its workspace items are passed as
//! `&'static` references; both kinds here compare by address, so a re-render copies and
//! compares a pointer, never a lab.
use std::ops::Deref;
use std::rc::Rc;

use crate::course::Lab;

/// A lab of the catalogue, as a prop.
pub type LabRef = Static<Lab>;

/// A `&'static` reference as a prop: `Copy`, equal when both point at the same item.
pub struct Static<T: 'static>(pub &'static T);

impl<T> Clone for Static<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Static<T> {}

impl<T> PartialEq for Static<T> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl<T> Deref for Static<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.0
    }
}

impl<T> From<&'static T> for Static<T> {
    fn from(item: &'static T) -> Self {
        Static(item)
    }
}

/// Data a prop shares: an item of the catalogue, or one made at run time (the DORA sandbox's
/// parsed log) behind an `Rc`. Equal when both point at the same data.
pub enum Shared<T: 'static> {
    Static(&'static T),
    Rc(Rc<T>),
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        match self {
            Shared::Static(item) => Shared::Static(item),
            Shared::Rc(item) => Shared::Rc(Rc::clone(item)),
        }
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(&**self, &**other)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Shared::Static(item) => item,
            Shared::Rc(item) => item,
        }
    }
}

impl<T> From<&'static T> for Shared<T> {
    fn from(item: &'static T) -> Self {
        Shared::Static(item)
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(item: Rc<T>) -> Self {
        Shared::Rc(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static A: [u32; 2] = [7, 7];

    #[test]
    fn equal_means_the_same_item_not_an_equal_one() {
        assert!(Static(&A[0]) == Static(&A[0]));
        assert!(Static(&A[0]) != Static(&A[1]));
        assert_eq!(*Static(&A[1]), 7);
        let rc = Rc::new(7u32);
        assert!(Shared::from(Rc::clone(&rc)) == Shared::Rc(rc));
        assert!(Shared::from(Rc::new(7u32)) != Shared::from(Rc::new(7u32)));
        assert!(Shared::from(&A[0]) != Shared::from(Rc::new(7u32)));
        assert!(Shared::<u32>::from(&A[0]) == Shared::Static(&A[0]));
    }
}
