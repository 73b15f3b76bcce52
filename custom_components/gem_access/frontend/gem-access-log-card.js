var e=globalThis,t=e.ShadowRoot&&(e.ShadyCSS===void 0||e.ShadyCSS.nativeShadow)&&`adoptedStyleSheets`in Document.prototype&&`replace`in CSSStyleSheet.prototype,n=Symbol(),r=/* @__PURE__ */ new WeakMap,i=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==n)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,n=this.t;if(t&&e===void 0){let t=n!==void 0&&n.length===1;t&&(e=r.get(n)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),t&&r.set(n,e))}return e}toString(){return this.cssText}},a=e=>new i(typeof e==`string`?e:e+``,void 0,n),o=(e,...t)=>new i(e.length===1?e[0]:t.reduce((t,n,r)=>t+(e=>{if(!0===e._$cssResult$)return e.cssText;if(typeof e==`number`)return e;throw Error(`Value passed to 'css' function must be a 'css' function result: `+e+`. Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.`)})(n)+e[r+1],e[0]),e,n),s=(n,r)=>{if(t)n.adoptedStyleSheets=r.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let t of r){let r=document.createElement(`style`),i=e.litNonce;i!==void 0&&r.setAttribute(`nonce`,i),r.textContent=t.cssText,n.appendChild(r)}},c=t?e=>e:e=>e instanceof CSSStyleSheet?(e=>{let t=``;for(let n of e.cssRules)t+=n.cssText;return a(t)})(e):e,{is:l,defineProperty:u,getOwnPropertyDescriptor:d,getOwnPropertyNames:ee,getOwnPropertySymbols:te,getPrototypeOf:ne}=Object,f=globalThis,re=f.trustedTypes,ie=re?re.emptyScript:``,ae=f.reactiveElementPolyfillSupport,p=(e,t)=>e,m={toAttribute(e,t){switch(t){case Boolean:e=e?ie:null;break;case Object:case Array:e=e==null?e:JSON.stringify(e)}return e},fromAttribute(e,t){let n=e;switch(t){case Boolean:n=e!==null;break;case Number:n=e===null?null:Number(e);break;case Object:case Array:try{n=JSON.parse(e)}catch{n=null}}return n}},h=(e,t)=>!l(e,t),oe={attribute:!0,type:String,converter:m,reflect:!1,useDefault:!1,hasChanged:h};Symbol.metadata??=Symbol(`metadata`),f.litPropertyMetadata??=/* @__PURE__ */ new WeakMap;var g=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=oe){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),r=this.getPropertyDescriptor(e,n,t);r!==void 0&&u(this.prototype,e,r)}}static getPropertyDescriptor(e,t,n){let{get:r,set:i}=d(this.prototype,e)??{get(){return this[t]},set(e){this[t]=e}};return{get:r,set(t){let a=r?.call(this);i?.call(this,t),this.requestUpdate(e,a,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??oe}static _$Ei(){if(this.hasOwnProperty(p(`elementProperties`)))return;let e=ne(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(p(`finalized`)))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(p(`properties`))){let e=this.properties,t=[...ee(e),...te(e)];for(let n of t)this.createProperty(n,e[n])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[e,n]of t)this.elementProperties.set(e,n)}this._$Eh=/* @__PURE__ */ new Map;for(let[e,t]of this.elementProperties){let n=this._$Eu(e,t);n!==void 0&&this._$Eh.set(n,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let e of n)t.unshift(c(e))}else e!==void 0&&t.push(c(e));return t}static _$Eu(e,t){let n=t.attribute;return!1===n?void 0:typeof n==`string`?n:typeof e==`string`?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=/* @__PURE__ */ new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=/* @__PURE__ */ new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=/* @__PURE__ */ new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return s(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),r=this.constructor._$Eu(e,n);if(r!==void 0&&!0===n.reflect){let i=(n.converter?.toAttribute===void 0?m:n.converter).toAttribute(t,n.type);this._$Em=e,i==null?this.removeAttribute(r):this.setAttribute(r,i),this._$Em=null}}_$AK(e,t){let n=this.constructor,r=n._$Eh.get(e);if(r!==void 0&&this._$Em!==r){let e=n.getPropertyOptions(r),i=typeof e.converter==`function`?{fromAttribute:e.converter}:e.converter?.fromAttribute===void 0?m:e.converter;this._$Em=r;let a=i.fromAttribute(t,e.type);this[r]=a??this._$Ej?.get(r)??a,this._$Em=null}}requestUpdate(e,t,n,r=!1,i){if(e!==void 0){let a=this.constructor;if(!1===r&&(i=this[e]),n??=a.getPropertyOptions(e),!((n.hasChanged??h)(i,t)||n.useDefault&&n.reflect&&i===this._$Ej?.get(e)&&!this.hasAttribute(a._$Eu(e,n))))return;this.C(e,t,n)}!1===this.isUpdatePending&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:r,wrapped:i},a){n&&!(this._$Ej??=/* @__PURE__ */ new Map).has(e)&&(this._$Ej.set(e,a??t??this[e]),!0!==i||a!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),!0===r&&this._$Em!==e&&(this._$Eq??=/* @__PURE__ */ new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[e,t]of this._$Ep)this[e]=t;this._$Ep=void 0}let e=this.constructor.elementProperties;if(e.size>0)for(let[t,n]of e){let{wrapped:e}=n,r=this[t];!0!==e||this._$AL.has(t)||r===void 0||this.C(t,void 0,n,r)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(e=>e.hostUpdate?.()),this.update(t)):this._$EM()}catch(t){throw e=!1,this._$EM(),t}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=/* @__PURE__ */ new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(e){}firstUpdated(e){}};g.elementStyles=[],g.shadowRootOptions={mode:`open`},g[p(`elementProperties`)]=/* @__PURE__ */ new Map,g[p(`finalized`)]=/* @__PURE__ */ new Map,ae?.({ReactiveElement:g}),(f.reactiveElementVersions??=[]).push(`2.1.2`);var _=globalThis,se=e=>e,v=_.trustedTypes,y=v?v.createPolicy(`lit-html`,{createHTML:e=>e}):void 0,b=`$lit$`,x=`lit$${Math.random().toFixed(9).slice(2)}$`,ce=`?`+x,le=`<${ce}>`,S=document,C=()=>S.createComment(``),w=e=>e===null||typeof e!=`object`&&typeof e!=`function`,T=Array.isArray,ue=e=>T(e)||typeof e?.[Symbol.iterator]==`function`,E=`[ 	
\f\r]`,D=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,de=/-->/g,fe=/>/g,O=RegExp(`>|${E}(?:([^\\s"'>=/]+)(${E}*=${E}*(?:[^ \t\n\f\r"'\`<>=]|("|')|))|$)`,`g`),k=/'/g,A=/"/g,j=/^(?:script|style|textarea|title)$/i,M=(e=>(t,...n)=>({_$litType$:e,strings:t,values:n}))(1),N=Symbol.for(`lit-noChange`),P=Symbol.for(`lit-nothing`),pe=/* @__PURE__ */ new WeakMap,F=S.createTreeWalker(S,129);function I(e,t){if(!T(e)||!e.hasOwnProperty(`raw`))throw Error(`invalid template strings array`);return y===void 0?t:y.createHTML(t)}var me=(e,t)=>{let n=e.length-1,r=[],i,a=t===2?`<svg>`:t===3?`<math>`:``,o=D;for(let t=0;t<n;t++){let n=e[t],s,c,l=-1,u=0;for(;u<n.length&&(o.lastIndex=u,c=o.exec(n),c!==null);)u=o.lastIndex,o===D?c[1]===`!--`?o=de:c[1]===void 0?c[2]===void 0?c[3]!==void 0&&(o=O):(j.test(c[2])&&(i=RegExp(`</`+c[2],`g`)),o=O):o=fe:o===O?c[0]===`>`?(o=i??D,l=-1):c[1]===void 0?l=-2:(l=o.lastIndex-c[2].length,s=c[1],o=c[3]===void 0?O:c[3]===`"`?A:k):o===A||o===k?o=O:o===de||o===fe?o=D:(o=O,i=void 0);let d=o===O&&e[t+1].startsWith(`/>`)?` `:``;a+=o===D?n+le:l>=0?(r.push(s),n.slice(0,l)+b+n.slice(l)+x+d):n+x+(l===-2?t:d)}return[I(e,a+(e[n]||`<?>`)+(t===2?`</svg>`:t===3?`</math>`:``)),r]},L=class e{constructor({strings:t,_$litType$:n},r){let i;this.parts=[];let a=0,o=0,s=t.length-1,c=this.parts,[l,u]=me(t,n);if(this.el=e.createElement(l,r),F.currentNode=this.el.content,n===2||n===3){let e=this.el.content.firstChild;e.replaceWith(...e.childNodes)}for(;(i=F.nextNode())!==null&&c.length<s;){if(i.nodeType===1){if(i.hasAttributes())for(let e of i.getAttributeNames())if(e.endsWith(b)){let t=u[o++],n=i.getAttribute(e).split(x),r=/([.?@])?(.*)/.exec(t);c.push({type:1,index:a,name:r[2],strings:n,ctor:r[1]===`.`?ge:r[1]===`?`?_e:r[1]===`@`?ve:B}),i.removeAttribute(e)}else e.startsWith(x)&&(c.push({type:6,index:a}),i.removeAttribute(e));if(j.test(i.tagName)){let e=i.textContent.split(x),t=e.length-1;if(t>0){i.textContent=v?v.emptyScript:``;for(let n=0;n<t;n++)i.append(e[n],C()),F.nextNode(),c.push({type:2,index:++a});i.append(e[t],C())}}}else if(i.nodeType===8){if(i.data===ce)c.push({type:2,index:a});else{let e=-1;for(;(e=i.data.indexOf(x,e+1))!==-1;)c.push({type:7,index:a}),e+=x.length-1}}a++}}static createElement(e,t){let n=S.createElement(`template`);return n.innerHTML=e,n}};function R(e,t,n=e,r){if(t===N)return t;let i=r===void 0?n._$Cl:n._$Co?.[r],a=w(t)?void 0:t._$litDirective$;return i?.constructor!==a&&(i?._$AO?.(!1),a===void 0?i=void 0:(i=new a(e),i._$AT(e,n,r)),r===void 0?n._$Cl=i:(n._$Co??=[])[r]=i),i!==void 0&&(t=R(e,i._$AS(e,t.values),i,r)),t}var he=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,r=(e?.creationScope??S).importNode(t,!0);F.currentNode=r;let i=F.nextNode(),a=0,o=0,s=n[0];for(;s!==void 0;){if(a===s.index){let t;s.type===2?t=new z(i,i.nextSibling,this,e):s.type===1?t=new s.ctor(i,s.name,s.strings,this,e):s.type===6&&(t=new ye(i,this,e)),this._$AV.push(t),s=n[++o]}a!==s?.index&&(i=F.nextNode(),a++)}return F.currentNode=S,r}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings===void 0?n._$AI(e[t]):(n._$AI(e,n,t),t+=n.strings.length-2)),t++}},z=class e{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,r){this.type=2,this._$AH=P,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=R(this,e,t),w(e)?e===P||e==null||e===``?(this._$AH!==P&&this._$AR(),this._$AH=P):e!==this._$AH&&e!==N&&this._(e):e._$litType$===void 0?e.nodeType===void 0?ue(e)?this.k(e):this._(e):this.T(e):this.$(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==P&&w(this._$AH)?this._$AA.nextSibling.data=e:this.T(S.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,r=typeof n==`number`?this._$AC(e):(n.el===void 0&&(n.el=L.createElement(I(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===r)this._$AH.p(t);else{let e=new he(r,this),n=e.u(this.options);e.p(t),this.T(n),this._$AH=e}}_$AC(e){let t=pe.get(e.strings);return t===void 0&&pe.set(e.strings,t=new L(e)),t}k(t){T(this._$AH)||(this._$AH=[],this._$AR());let n=this._$AH,r,i=0;for(let a of t)i===n.length?n.push(r=new e(this.O(C()),this.O(C()),this,this.options)):r=n[i],r._$AI(a),i++;i<n.length&&(this._$AR(r&&r._$AB.nextSibling,i),n.length=i)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let t=se(e).nextSibling;se(e).remove(),e=t}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},B=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,r,i){this.type=1,this._$AH=P,this._$AN=void 0,this.element=e,this.name=t,this._$AM=r,this.options=i,n.length>2||n[0]!==``||n[1]!==``?(this._$AH=Array(n.length-1).fill(/* @__PURE__ */ new String),this.strings=n):this._$AH=P}_$AI(e,t=this,n,r){let i=this.strings,a=!1;if(i===void 0)e=R(this,e,t,0),a=!w(e)||e!==this._$AH&&e!==N,a&&(this._$AH=e);else{let r=e,o,s;for(e=i[0],o=0;o<i.length-1;o++)s=R(this,r[n+o],t,o),s===N&&(s=this._$AH[o]),a||=!w(s)||s!==this._$AH[o],s===P?e=P:e!==P&&(e+=(s??``)+i[o+1]),this._$AH[o]=s}a&&!r&&this.j(e)}j(e){e===P?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??``)}},ge=class extends B{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===P?void 0:e}},_e=class extends B{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==P)}},ve=class extends B{constructor(e,t,n,r,i){super(e,t,n,r,i),this.type=5}_$AI(e,t=this){if((e=R(this,e,t,0)??P)===N)return;let n=this._$AH,r=e===P&&n!==P||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,i=e!==P&&(n===P||r);r&&this.element.removeEventListener(this.name,this,n),i&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH==`function`?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},ye=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){R(this,e)}},be=_.litHtmlPolyfillSupport;be?.(L,z),(_.litHtmlVersions??=[]).push(`3.3.3`);var xe=(e,t,n)=>{let r=n?.renderBefore??t,i=r._$litPart$;if(i===void 0){let e=n?.renderBefore??null;r._$litPart$=i=new z(t.insertBefore(C(),e),e,void 0,n??{})}return i._$AI(e),i},V=globalThis,H=class extends g{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=xe(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return N}};H._$litElement$=!0,H.finalized=!0,V.litElementHydrateSupport?.({LitElement:H});var Se=V.litElementPolyfillSupport;Se?.({LitElement:H}),(V.litElementVersions??=[]).push(`4.2.2`);var Ce={attribute:!0,type:String,converter:m,reflect:!1,hasChanged:h},we=(e=Ce,t,n)=>{let{kind:r,metadata:i}=n,a=globalThis.litPropertyMetadata.get(i);if(a===void 0&&globalThis.litPropertyMetadata.set(i,a=/* @__PURE__ */ new Map),r===`setter`&&((e=Object.create(e)).wrapped=!0),a.set(n.name,e),r===`accessor`){let{name:r}=n;return{set(n){let i=t.get.call(this);t.set.call(this,n),this.requestUpdate(r,i,e,!0,n)},init(t){return t!==void 0&&this.C(r,void 0,e,t),t}}}if(r===`setter`){let{name:r}=n;return function(n){let i=this[r];t.call(this,n),this.requestUpdate(r,i,e,!0,n)}}throw Error(`Unsupported decorator location: `+r)};function Te(e){return(t,n)=>typeof n==`object`?we(e,t,n):((e,t,n)=>{let r=t.hasOwnProperty(n);return t.constructor.createProperty(n,e),r?Object.getOwnPropertyDescriptor(t,n):void 0})(e,t,n)}function U(e){return Te({...e,state:!0,attribute:!1})}function Ee(e,t){customElements.get(e)||customElements.define(e,t)}var De=o`
  :host {
    --ga-radius: var(--ha-card-border-radius, 12px);
    --ga-border: var(--divider-color, rgba(127, 127, 127, 0.3));
    --ga-muted: var(--secondary-text-color, #727272);
    --ga-surface: var(--card-background-color, var(--ha-card-background, #fff));
    --ga-success: var(--success-color, #43a047);
    --ga-error: var(--error-color, #db4437);
    --ga-warning: var(--warning-color, #ffa600);
    --ga-orange: var(--orange-color, #ff9800);
    color: var(--primary-text-color);
    font-family: var(--paper-font-body1_-_font-family, var(--ha-font-family-body, Roboto, sans-serif));
  }
  * {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  button,
  .button {
    font: inherit;
    font-size: 14px;
    font-weight: 500;
    border-radius: 8px;
    border: 1px solid var(--ga-border);
    background: var(--ga-surface);
    color: var(--primary-text-color);
    padding: 6px 12px;
    min-height: 36px;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    text-decoration: none;
  }
  button:hover:not(:disabled) {
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 1px;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button.primary {
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
    border-color: var(--primary-color);
  }
  button.primary:hover:not(:disabled) {
    background: var(--primary-color);
    filter: brightness(1.1);
  }
  button.danger {
    background: var(--ga-error);
    color: #fff;
    border-color: var(--ga-error);
  }
  button.danger:hover:not(:disabled) {
    background: var(--ga-error);
    filter: brightness(1.1);
  }
  button.flat {
    border-color: transparent;
    background: transparent;
  }
  button.toggle[aria-pressed="true"] {
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
    border-color: var(--primary-color);
  }
  input,
  select,
  textarea {
    font: inherit;
    font-size: 14px;
    color: var(--primary-text-color);
    background: var(--input-fill-color, var(--secondary-background-color, transparent));
    border: 1px solid var(--ga-border);
    border-radius: 8px;
    padding: 6px 8px;
    min-height: 36px;
  }
  input[type="checkbox"] {
    min-height: auto;
    width: 18px;
    height: 18px;
    accent-color: var(--primary-color);
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 12px;
    color: var(--ga-muted);
  }
  label.check {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    font-size: 14px;
    color: var(--primary-text-color);
  }
  .card {
    background: var(--ga-surface);
    border-radius: var(--ga-radius);
    border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--ga-border));
    box-shadow: var(--ha-card-box-shadow, none);
  }
  .muted {
    color: var(--ga-muted);
  }
  .error-text {
    color: var(--ga-error);
    font-size: 13px;
  }
  .banner-error {
    color: var(--ga-error);
    border: 1px solid var(--ga-error);
    border-radius: 8px;
    padding: 8px 12px;
    margin: 8px 0;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-size: 13px;
    font-weight: 500;
    line-height: 20px;
    white-space: nowrap;
  }
  .badge.shape-badge,
  .badge.shape-pill {
    padding: 1px 8px;
    color: #fff;
  }
  .badge.shape-badge {
    border-radius: 6px;
  }
  .badge.shape-pill {
    border-radius: 999px;
  }
  .badge.shape-text.tone-success {
    color: var(--ga-success);
  }
  .badge.shape-text.tone-error {
    color: var(--ga-error);
  }
  .badge.shape-text.tone-warning {
    color: var(--ga-warning);
  }
  .badge.shape-text.tone-orange {
    color: var(--ga-orange);
  }
  .badge.shape-text.tone-neutral {
    color: var(--ga-muted);
  }
  .badge.shape-badge.tone-success,
  .badge.shape-pill.tone-success {
    background: var(--ga-success);
  }
  .badge.shape-badge.tone-error,
  .badge.shape-pill.tone-error {
    background: var(--ga-error);
  }
  .badge.shape-badge.tone-warning,
  .badge.shape-pill.tone-warning {
    background: var(--ga-warning);
    color: #1f1f1f;
  }
  .badge.shape-badge.tone-orange,
  .badge.shape-pill.tone-orange {
    background: var(--ga-orange);
    color: #1f1f1f;
  }
  .badge.shape-badge.tone-neutral,
  .badge.shape-pill.tone-neutral {
    background: transparent;
    color: var(--primary-text-color);
    border: 1px solid var(--ga-border);
  }
  dialog {
    border: none;
    border-radius: var(--ha-dialog-border-radius, 16px);
    background: var(--ga-surface);
    color: var(--primary-text-color);
    padding: 0;
    max-width: min(920px, calc(100vw - 24px));
    width: 100%;
    box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35);
  }
  /* long forms on a phone: the title and the buttons stay put, the body scrolls */
  dialog[open] {
    display: flex;
    flex-direction: column;
    max-height: calc(100dvh - 24px);
    overflow: hidden;
  }
  dialog .dlg-body {
    flex: 1 1 auto;
    min-height: 0;
    overflow: auto;
  }
  dialog .dlg-head,
  dialog .dlg-actions {
    flex-shrink: 0;
  }
  dialog::backdrop {
    background: rgba(0, 0, 0, 0.5);
  }
  dialog .dlg-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 16px 20px 8px;
    gap: 8px;
  }
  dialog .dlg-head h2 {
    margin: 0;
    font-size: 20px;
    font-weight: 500;
  }
  dialog .dlg-body {
    padding: 8px 20px 16px;
  }
  dialog .dlg-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    padding: 8px 20px 16px;
    flex-wrap: wrap;
  }
`,Oe=e=>M`<span class="badge shape-${e.shape} tone-${e.tone}" data-badge=${e.key}>${e.text}</span>`;function ke(e,t,n,r=100){let i={type:`gem_access/log/list`,...t,limit:r};return n!=null&&(i.before_id=n),e.callWS(i)}function Ae(e,t,n){return e.connection.subscribeMessage(n,{type:`gem_access/log/subscribe`,...t})}async function je(e,t){return(await e.callWS({type:`gem_access/log/count`,...t})).count}function Me(e){return e&&typeof e==`object`&&`message`in e?String(e.message):String(e)}var W={card:{title:`Access Log`,name:`GEM Access log`,description:`Today's access events and the latest few, linking to the Access Log.`,invalid_config:`Invalid configuration`,admins_only:`Only Home Assistant administrators can see the Access Log. Ask an administrator, or remove this card from dashboards shared with other users.`,today_one:`event today`,today_other:`events today`,none_today:`No access events yet today.`,open_log:`Open the Access Log`},result:{granted:`Granted`,denied:`Denied`,duress:`Duress`,forced:`Forced`,held_open:`Held Open`,error:`Error`},access_type:{pin:`PIN`,rfid:`RFID`,rex:`REX`},reason:{success:`Success`,unknown_credential:`Unknown credential`,user_disabled:`User disabled`,not_authorized:`User not authorized`,rule_disabled:`Access rule disabled`,outside_schedule:`Outside schedule hours`,schedule_day:`Schedule day not permitted`,cooldown:`Cooldown`,lockdown:`Lockdown`,duress:`Duress`,forced_door:`Forced door`,held_open:`Held open`,action_failed:`Action failed`,device_error:`Device error`,expired:`Expired`},reason_rex:{not_authorized:`Not an exit device`},match:{off:`off`,opt_out:`opt-out`,no_photo:`no photo`,no_face:`no face`,anonymous:`—`,error:`error`,pending:`pending`},match_score:{percent:`{value}%`},match_band:{high:`likely the same person`,mid:`unsure`,low:`likely someone else`}},Ne={en:W},Pe=W,G=W,K=`en`,Fe;function Ie(e){Fe=e;let t=(e??``).trim(),n=t.split(/[-_]/)[0].toLowerCase(),r=[t,t.toLowerCase(),n].find(e=>e&&Ne[e])??`en`;return G=Ne[r],K=r,r}var q=e=>e?.locale?.language??e?.language;function J(e,t){let n=e;for(let e of t.split(`.`)){if(typeof n!=`object`||!n)return;n=n[e]}return typeof n==`string`?n:void 0}function Le(e,t){return t?e.replace(/\{(\w+)\}/g,(e,n)=>Object.prototype.hasOwnProperty.call(t,n)?String(t[n]):e):e}function Y(e,...t){return Le(J(G,e)??J(Pe,e)??e,t[0])}var Re,ze=``;function Be(e,t){ze!==K&&(Re=new Intl.PluralRules(K),ze=K);let n=`${e}_${Re.select(t)===`one`?`one`:`other`}`;return J(G,n)??J(Pe,n)??n}function Ve(e){try{return e.toLocaleString(Fe||void 0)}catch{return e.toLocaleString()}}function He(e,t,n={}){return Le(Be(e,t),{count:Ve(t),...n})}function Ue(e){if(e.result===`granted`&&e.reason===`duress`)return{key:`duress`,text:Y(`result.duress`),tone:`error`,shape:`badge`};switch(e.result){case`granted`:return{key:`granted`,text:`✓ ${Y(`result.granted`)}`,tone:`success`,shape:`text`};case`denied`:return{key:`denied`,text:`✕ ${Y(`result.denied`)}`,tone:`error`,shape:`text`};case`forced`:return{key:`forced`,text:`⚡ ${Y(`result.forced`)}`,tone:`error`,shape:`pill`};case`held_open`:return{key:`held_open`,text:`⏱ ${Y(`result.held_open`)}`,tone:`warning`,shape:`pill`};case`error`:return{key:`error`,text:`⚠ ${Y(`result.error`)}`,tone:`orange`,shape:`text`};default:return{key:String(e.result),text:String(e.result??`—`),tone:`neutral`,shape:`text`}}}var We=/* @__PURE__ */ new Map;function Ge(e){let t=We.get(e);return t||(t=new Intl.DateTimeFormat(`en-US`,{timeZone:e,hourCycle:`h23`,year:`numeric`,month:`2-digit`,day:`2-digit`,hour:`2-digit`,minute:`2-digit`,second:`2-digit`}),We.set(e,t)),t}function Ke(e,t){let n={};for(let r of Ge(t).formatToParts(e))r.type!==`literal`&&(n[r.type]=Number(r.value));return{year:n.year,month:n.month,day:n.day,hour:n.hour===24?0:n.hour,minute:n.minute,second:n.second}}function qe(e,t){let n=Ke(new Date(e),t);return Date.UTC(n.year,n.month-1,n.day,n.hour,n.minute,n.second)-Math.floor(e/1e3)*1e3}function Je(e,t){let n=Date.UTC(e.year,e.month-1,e.day,e.hour,e.minute,e.second),r=n-qe(n,t),i=n-qe(r,t);return i!==r&&(r=Math.max(r,i)),new Date(r)}function Ye(e,t){return Je({...Ke(e,t),hour:0,minute:0,second:0},t)}var Xe=/* @__PURE__ */ new Map;function Ze(e,t,n){let r=new Date(e);if(Number.isNaN(r.getTime()))return e;let i=`${n??``}|${t}`,a=Xe.get(i);if(!a){try{a=new Intl.DateTimeFormat(n||void 0,{timeZone:t,year:`numeric`,month:`short`,day:`numeric`,hour:`2-digit`,minute:`2-digit`,second:`2-digit`})}catch{a=new Intl.DateTimeFormat(void 0,{timeZone:t,dateStyle:`medium`,timeStyle:`medium`})}Xe.set(i,a)}return a.format(r)}function X(e,t,n,r){var i=arguments.length,a=i<3?t:r===null?r=Object.getOwnPropertyDescriptor(t,n):r,o;if(typeof Reflect==`object`&&typeof Reflect.decorate==`function`)a=Reflect.decorate(e,t,n,r);else for(var s=e.length-1;s>=0;s--)(o=e[s])&&(a=(i<3?o(a):i>3?o(t,n,a):o(t,n))||a);return i>3&&a&&Object.defineProperty(t,n,a),a}var Qe,Z=`/gem-access?range=today`;function $e(e,t){return Ye(new Date(e.getTime()+1296e5),t)}var Q=class extends H{constructor(...e){super(...e),this._config={type:`custom:gem-access-log-card`},this._rows=[],this._error=``,this._day=``,this._gen=0}setConfig(e){if(!e||typeof e!=`object`)throw Error(Y(`card.invalid_config`));this._config={...e}}static getStubConfig(){return{type:`custom:gem-access-log-card`}}getCardSize(){return 2+Math.min(this._config.events??5,5)}set hass(e){let t=!this._hass;q(e)!==q(this._hass)&&Ie(q(e)),this._hass=e,t&&this.isConnected&&this._start()}get hass(){return this._hass}connectedCallback(){super.connectedCallback(),this._hass&&this._start()}disconnectedCallback(){super.disconnectedCallback(),this._stop()}_stop(){let e=this._unsub;this._unsub=void 0,e?.then(e=>e()).catch(()=>void 0),window.clearTimeout(this._timer),window.clearTimeout(this._pending)}get _adminOnly(){return this._hass?.user?.is_admin===!1}_start(){if(!this._hass||this._unsub||this._adminOnly)return;let e=this._hass.config.time_zone,t=Ye(/* @__PURE__ */ new Date,e);this._day=t.toISOString(),this._gen++;let n={start:this._day};this._unsub=Ae(this._hass,n,()=>this._refreshSoon()),this._unsub.catch(e=>this._error=Me(e)),this._refresh();let r=$e(t,e).getTime()-Date.now();this._timer=window.setTimeout(()=>{this._stop(),this._start()},Math.max(1e3,Math.min(r+500,864e5)))}_refreshSoon(){window.clearTimeout(this._pending),this._pending=window.setTimeout(()=>void this._refresh(),300)}async _refresh(){if(!this._hass)return;let e=this._gen,t={start:this._day};try{let[n,r]=await Promise.all([je(this._hass,t),ke(this._hass,t,null,Math.max(1,Math.min(this._config.events??5,50)))]);if(e!==this._gen)return;this._count=n,this._rows=r.rows.slice(0,this._config.events??5),this._error=``}catch(t){e===this._gen&&(this._error=Me(t))}}_go(e){e.ctrlKey||e.metaKey||e.shiftKey||e.button!==0||(e.preventDefault(),window.history.pushState(null,``,Z),window.dispatchEvent(new CustomEvent(`location-changed`,{detail:{replace:!1}})))}render(){if(this._adminOnly)return M`<ha-card class="card">
        <div class="top"><span class="title">${this._config.title??Y(`card.title`)}</span></div>
        <div class="none muted" id="admins-only">${Y(`card.admins_only`)}</div>
      </ha-card>`;let e=this._hass?.config.time_zone??`UTC`,t=this._hass?.locale?.language??this._hass?.language,n=this._count===void 0?`…`:this._count.toLocaleString(t);return M`<ha-card class="card">
      <div class="top"><span class="title">${this._config.title??Y(`card.title`)}</span></div>
      <a class="count" id="today-count" data-count=${this._count??``} href=${Z} @click=${this._go}
        >${n} <small>${He(`card.today`,this._count??0)}</small></a
      >
      ${this._error?M`<div class="error-text">${this._error}</div>`:P}
      ${this._count===0&&!this._rows.length?M`<div class="none muted">${Y(`card.none_today`)}</div>`:P}
      <ul>
        ${this._rows.map(n=>M`<li>
            <span class="who">${n.user_name??`—`} · ${n.device_name??n.door_name??``}</span>
            ${Oe(Ue(n))}
            <span class="sub">${Ze(n.timestamp,e,t)}</span>
          </li>`)}
      </ul>
      <a class="all" href=${Z} @click=${this._go}>${Y(`card.open_log`)}</a>
    </ha-card>`}};Qe=Q,Qe.styles=[De,o`
      ha-card,
      .card {
        display: block;
        padding: 16px;
      }
      .top {
        display: flex;
        align-items: baseline;
        justify-content: space-between;
        gap: 8px;
      }
      .title {
        font-size: 16px;
        font-weight: 500;
      }
      a.count {
        font-size: 32px;
        font-weight: 400;
        color: var(--primary-color);
        text-decoration: none;
        display: block;
        margin: 4px 0 8px;
      }
      a.count small {
        font-size: 14px;
        color: var(--ga-muted);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 2px 8px;
        padding: 6px 0;
        border-top: 1px solid var(--ga-border);
        font-size: 14px;
      }
      li .sub {
        font-size: 12px;
        color: var(--ga-muted);
        grid-column: 1 / -1;
      }
      li .who {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .none {
        font-size: 14px;
        padding: 6px 0;
        border-top: 1px solid var(--ga-border);
      }
      a.all {
        display: inline-block;
        margin-top: 8px;
        color: var(--primary-color);
        font-size: 14px;
      }
    `],X([U()],Q.prototype,`_config`,void 0),X([U()],Q.prototype,`_count`,void 0),X([U()],Q.prototype,`_rows`,void 0),X([U()],Q.prototype,`_error`,void 0),X([Te({attribute:!1})],Q.prototype,`_hass`,void 0);var et=window.customElements;Ee(`gem-access-log-card`,Q),et.whenDefined(`home-assistant`).then(()=>{if(window.customElements!==et)try{Ee(`gem-access-log-card`,Q)}catch(e){console.error(`gem-access-log-card: could not register the card`,e)}}),Ie(document.documentElement.lang);var $=window;$.customCards=$.customCards??[],$.customCards.some(e=>e.type===`gem-access-log-card`)||$.customCards.push({type:`gem-access-log-card`,name:Y(`card.name`),description:Y(`card.description`)});export{Q as GemAccessLogCard,Z as TODAY_URL,$e as nextMidnight};