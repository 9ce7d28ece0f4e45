export class SubkitCheckout extends HTMLElement {}
