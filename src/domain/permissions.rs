//! Who may do what. The owner or a manager works a complaint; decisions that
//! bind the company (approval, rejection, moving work between people,
//! settings) belong to managers.

use super::ids::UserId;
use super::refusal::{Action, Refusal};
use crate::coded_enum;

coded_enum! {
    /// Admins are managers too: the server's admins set it up and can step in.
    Role { Rep = "rep", Manager = "manager", Admin = "admin" }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user: UserId,
    pub role: Role,
}

impl Actor {
    pub fn is_manager(&self) -> bool {
        matches!(self.role, Role::Manager | Role::Admin)
    }

    pub fn require_manager(&self, action: Action) -> Result<(), Refusal> {
        if self.is_manager() {
            Ok(())
        } else {
            Err(Refusal::ManagersOnly(action))
        }
    }

    /// The complaint's owner or any manager.
    pub fn require_owner_or_manager(
        &self,
        owner: UserId,
        refusal: impl FnOnce() -> Refusal,
    ) -> Result<(), Refusal> {
        if self.user == owner || self.is_manager() {
            Ok(())
        } else {
            Err(refusal())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REP: Actor = Actor {
        user: UserId(1),
        role: Role::Rep,
    };
    const OTHER_REP: Actor = Actor {
        user: UserId(2),
        role: Role::Rep,
    };
    const MANAGER: Actor = Actor {
        user: UserId(3),
        role: Role::Manager,
    };
    const ADMIN: Actor = Actor {
        user: UserId(4),
        role: Role::Admin,
    };

    #[test]
    fn only_owner_or_manager_works_a_complaint() {
        let refuse = || Refusal::ManagersOnly(Action::WorkComplaint);
        assert!(REP.require_owner_or_manager(UserId(1), refuse).is_ok());
        assert!(
            OTHER_REP
                .require_owner_or_manager(UserId(1), refuse)
                .is_err()
        );
        assert!(MANAGER.require_owner_or_manager(UserId(1), refuse).is_ok());
    }

    #[test]
    fn approvals_are_for_managers_and_admins() {
        assert_eq!(
            REP.require_manager(Action::Approve),
            Err(Refusal::ManagersOnly(Action::Approve))
        );
        assert!(MANAGER.require_manager(Action::Approve).is_ok());
        assert!(ADMIN.require_manager(Action::ChangeSettings).is_ok());
    }
}
