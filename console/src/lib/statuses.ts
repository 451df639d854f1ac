/** The contract statuses come from the server's one status table, never spelled again here. */
export { CONTRACT_STATUSES, STATUS } from '../../../src/modules/contracts/contract-status';
