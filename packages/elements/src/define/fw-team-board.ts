import { FwTeamBoard } from '../components/fw-team-board/fw-team-board.js';

FwTeamBoard.define('fw-team-board');

declare global {
  interface HTMLElementTagNameMap {
    'fw-team-board': FwTeamBoard;
  }
}
