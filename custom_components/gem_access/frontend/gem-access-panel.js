var e=globalThis,t=e.ShadowRoot&&(e.ShadyCSS===void 0||e.ShadyCSS.nativeShadow)&&`adoptedStyleSheets`in Document.prototype&&`replace`in CSSStyleSheet.prototype,n=Symbol(),r=/* @__PURE__ */ new WeakMap,i=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==n)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,n=this.t;if(t&&e===void 0){let t=n!==void 0&&n.length===1;t&&(e=r.get(n)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),t&&r.set(n,e))}return e}toString(){return this.cssText}},a=e=>new i(typeof e==`string`?e:e+``,void 0,n),o=(e,...t)=>new i(e.length===1?e[0]:t.reduce((t,n,r)=>t+(e=>{if(!0===e._$cssResult$)return e.cssText;if(typeof e==`number`)return e;throw Error(`Value passed to 'css' function must be a 'css' function result: `+e+`. Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.`)})(n)+e[r+1],e[0]),e,n),s=(n,r)=>{if(t)n.adoptedStyleSheets=r.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let t of r){let r=document.createElement(`style`),i=e.litNonce;i!==void 0&&r.setAttribute(`nonce`,i),r.textContent=t.cssText,n.appendChild(r)}},c=t?e=>e:e=>e instanceof CSSStyleSheet?(e=>{let t=``;for(let n of e.cssRules)t+=n.cssText;return a(t)})(e):e,{is:l,defineProperty:u,getOwnPropertyDescriptor:d,getOwnPropertyNames:ee,getOwnPropertySymbols:te,getPrototypeOf:ne}=Object,re=globalThis,ie=re.trustedTypes,ae=ie?ie.emptyScript:``,oe=re.reactiveElementPolyfillSupport,se=(e,t)=>e,ce={toAttribute(e,t){switch(t){case Boolean:e=e?ae:null;break;case Object:case Array:e=e==null?e:JSON.stringify(e)}return e},fromAttribute(e,t){let n=e;switch(t){case Boolean:n=e!==null;break;case Number:n=e===null?null:Number(e);break;case Object:case Array:try{n=JSON.parse(e)}catch{n=null}}return n}},le=(e,t)=>!l(e,t),ue={attribute:!0,type:String,converter:ce,reflect:!1,useDefault:!1,hasChanged:le};Symbol.metadata??=Symbol(`metadata`),re.litPropertyMetadata??=/* @__PURE__ */ new WeakMap;var f=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=ue){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),r=this.getPropertyDescriptor(e,n,t);r!==void 0&&u(this.prototype,e,r)}}static getPropertyDescriptor(e,t,n){let{get:r,set:i}=d(this.prototype,e)??{get(){return this[t]},set(e){this[t]=e}};return{get:r,set(t){let a=r?.call(this);i?.call(this,t),this.requestUpdate(e,a,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??ue}static _$Ei(){if(this.hasOwnProperty(se(`elementProperties`)))return;let e=ne(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(se(`finalized`)))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(se(`properties`))){let e=this.properties,t=[...ee(e),...te(e)];for(let n of t)this.createProperty(n,e[n])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[e,n]of t)this.elementProperties.set(e,n)}this._$Eh=/* @__PURE__ */ new Map;for(let[e,t]of this.elementProperties){let n=this._$Eu(e,t);n!==void 0&&this._$Eh.set(n,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let e of n)t.unshift(c(e))}else e!==void 0&&t.push(c(e));return t}static _$Eu(e,t){let n=t.attribute;return!1===n?void 0:typeof n==`string`?n:typeof e==`string`?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=/* @__PURE__ */ new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=/* @__PURE__ */ new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=/* @__PURE__ */ new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return s(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),r=this.constructor._$Eu(e,n);if(r!==void 0&&!0===n.reflect){let i=(n.converter?.toAttribute===void 0?ce:n.converter).toAttribute(t,n.type);this._$Em=e,i==null?this.removeAttribute(r):this.setAttribute(r,i),this._$Em=null}}_$AK(e,t){let n=this.constructor,r=n._$Eh.get(e);if(r!==void 0&&this._$Em!==r){let e=n.getPropertyOptions(r),i=typeof e.converter==`function`?{fromAttribute:e.converter}:e.converter?.fromAttribute===void 0?ce:e.converter;this._$Em=r;let a=i.fromAttribute(t,e.type);this[r]=a??this._$Ej?.get(r)??a,this._$Em=null}}requestUpdate(e,t,n,r=!1,i){if(e!==void 0){let a=this.constructor;if(!1===r&&(i=this[e]),n??=a.getPropertyOptions(e),!((n.hasChanged??le)(i,t)||n.useDefault&&n.reflect&&i===this._$Ej?.get(e)&&!this.hasAttribute(a._$Eu(e,n))))return;this.C(e,t,n)}!1===this.isUpdatePending&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:r,wrapped:i},a){n&&!(this._$Ej??=/* @__PURE__ */ new Map).has(e)&&(this._$Ej.set(e,a??t??this[e]),!0!==i||a!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),!0===r&&this._$Em!==e&&(this._$Eq??=/* @__PURE__ */ new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[e,t]of this._$Ep)this[e]=t;this._$Ep=void 0}let e=this.constructor.elementProperties;if(e.size>0)for(let[t,n]of e){let{wrapped:e}=n,r=this[t];!0!==e||this._$AL.has(t)||r===void 0||this.C(t,void 0,n,r)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(e=>e.hostUpdate?.()),this.update(t)):this._$EM()}catch(t){throw e=!1,this._$EM(),t}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=/* @__PURE__ */ new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(e){}firstUpdated(e){}};f.elementStyles=[],f.shadowRootOptions={mode:`open`},f[se(`elementProperties`)]=/* @__PURE__ */ new Map,f[se(`finalized`)]=/* @__PURE__ */ new Map,oe?.({ReactiveElement:f}),(re.reactiveElementVersions??=[]).push(`2.1.2`);var de=globalThis,fe=e=>e,pe=de.trustedTypes,me=pe?pe.createPolicy(`lit-html`,{createHTML:e=>e}):void 0,he=`$lit$`,p=`lit$${Math.random().toFixed(9).slice(2)}$`,ge=`?`+p,_e=`<${ge}>`,m=document,h=()=>m.createComment(``),g=e=>e===null||typeof e!=`object`&&typeof e!=`function`,ve=Array.isArray,ye=e=>ve(e)||typeof e?.[Symbol.iterator]==`function`,be=`[ 	
\f\r]`,xe=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,Se=/-->/g,Ce=/>/g,_=RegExp(`>|${be}(?:([^\\s"'>=/]+)(${be}*=${be}*(?:[^ \t\n\f\r"'\`<>=]|("|')|))|$)`,`g`),we=/'/g,Te=/"/g,Ee=/^(?:script|style|textarea|title)$/i,v=(e=>(t,...n)=>({_$litType$:e,strings:t,values:n}))(1),y=Symbol.for(`lit-noChange`),b=Symbol.for(`lit-nothing`),De=/* @__PURE__ */ new WeakMap,x=m.createTreeWalker(m,129);function Oe(e,t){if(!ve(e)||!e.hasOwnProperty(`raw`))throw Error(`invalid template strings array`);return me===void 0?t:me.createHTML(t)}var ke=(e,t)=>{let n=e.length-1,r=[],i,a=t===2?`<svg>`:t===3?`<math>`:``,o=xe;for(let t=0;t<n;t++){let n=e[t],s,c,l=-1,u=0;for(;u<n.length&&(o.lastIndex=u,c=o.exec(n),c!==null);)u=o.lastIndex,o===xe?c[1]===`!--`?o=Se:c[1]===void 0?c[2]===void 0?c[3]!==void 0&&(o=_):(Ee.test(c[2])&&(i=RegExp(`</`+c[2],`g`)),o=_):o=Ce:o===_?c[0]===`>`?(o=i??xe,l=-1):c[1]===void 0?l=-2:(l=o.lastIndex-c[2].length,s=c[1],o=c[3]===void 0?_:c[3]===`"`?Te:we):o===Te||o===we?o=_:o===Se||o===Ce?o=xe:(o=_,i=void 0);let d=o===_&&e[t+1].startsWith(`/>`)?` `:``;a+=o===xe?n+_e:l>=0?(r.push(s),n.slice(0,l)+he+n.slice(l)+p+d):n+p+(l===-2?t:d)}return[Oe(e,a+(e[n]||`<?>`)+(t===2?`</svg>`:t===3?`</math>`:``)),r]},Ae=class e{constructor({strings:t,_$litType$:n},r){let i;this.parts=[];let a=0,o=0,s=t.length-1,c=this.parts,[l,u]=ke(t,n);if(this.el=e.createElement(l,r),x.currentNode=this.el.content,n===2||n===3){let e=this.el.content.firstChild;e.replaceWith(...e.childNodes)}for(;(i=x.nextNode())!==null&&c.length<s;){if(i.nodeType===1){if(i.hasAttributes())for(let e of i.getAttributeNames())if(e.endsWith(he)){let t=u[o++],n=i.getAttribute(e).split(p),r=/([.?@])?(.*)/.exec(t);c.push({type:1,index:a,name:r[2],strings:n,ctor:r[1]===`.`?Pe:r[1]===`?`?Fe:r[1]===`@`?Ie:Ne}),i.removeAttribute(e)}else e.startsWith(p)&&(c.push({type:6,index:a}),i.removeAttribute(e));if(Ee.test(i.tagName)){let e=i.textContent.split(p),t=e.length-1;if(t>0){i.textContent=pe?pe.emptyScript:``;for(let n=0;n<t;n++)i.append(e[n],h()),x.nextNode(),c.push({type:2,index:++a});i.append(e[t],h())}}}else if(i.nodeType===8){if(i.data===ge)c.push({type:2,index:a});else{let e=-1;for(;(e=i.data.indexOf(p,e+1))!==-1;)c.push({type:7,index:a}),e+=p.length-1}}a++}}static createElement(e,t){let n=m.createElement(`template`);return n.innerHTML=e,n}};function S(e,t,n=e,r){if(t===y)return t;let i=r===void 0?n._$Cl:n._$Co?.[r],a=g(t)?void 0:t._$litDirective$;return i?.constructor!==a&&(i?._$AO?.(!1),a===void 0?i=void 0:(i=new a(e),i._$AT(e,n,r)),r===void 0?n._$Cl=i:(n._$Co??=[])[r]=i),i!==void 0&&(t=S(e,i._$AS(e,t.values),i,r)),t}var je=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,r=(e?.creationScope??m).importNode(t,!0);x.currentNode=r;let i=x.nextNode(),a=0,o=0,s=n[0];for(;s!==void 0;){if(a===s.index){let t;s.type===2?t=new Me(i,i.nextSibling,this,e):s.type===1?t=new s.ctor(i,s.name,s.strings,this,e):s.type===6&&(t=new Le(i,this,e)),this._$AV.push(t),s=n[++o]}a!==s?.index&&(i=x.nextNode(),a++)}return x.currentNode=m,r}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings===void 0?n._$AI(e[t]):(n._$AI(e,n,t),t+=n.strings.length-2)),t++}},Me=class e{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,r){this.type=2,this._$AH=b,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=S(this,e,t),g(e)?e===b||e==null||e===``?(this._$AH!==b&&this._$AR(),this._$AH=b):e!==this._$AH&&e!==y&&this._(e):e._$litType$===void 0?e.nodeType===void 0?ye(e)?this.k(e):this._(e):this.T(e):this.$(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==b&&g(this._$AH)?this._$AA.nextSibling.data=e:this.T(m.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,r=typeof n==`number`?this._$AC(e):(n.el===void 0&&(n.el=Ae.createElement(Oe(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===r)this._$AH.p(t);else{let e=new je(r,this),n=e.u(this.options);e.p(t),this.T(n),this._$AH=e}}_$AC(e){let t=De.get(e.strings);return t===void 0&&De.set(e.strings,t=new Ae(e)),t}k(t){ve(this._$AH)||(this._$AH=[],this._$AR());let n=this._$AH,r,i=0;for(let a of t)i===n.length?n.push(r=new e(this.O(h()),this.O(h()),this,this.options)):r=n[i],r._$AI(a),i++;i<n.length&&(this._$AR(r&&r._$AB.nextSibling,i),n.length=i)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let t=fe(e).nextSibling;fe(e).remove(),e=t}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},Ne=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,r,i){this.type=1,this._$AH=b,this._$AN=void 0,this.element=e,this.name=t,this._$AM=r,this.options=i,n.length>2||n[0]!==``||n[1]!==``?(this._$AH=Array(n.length-1).fill(/* @__PURE__ */ new String),this.strings=n):this._$AH=b}_$AI(e,t=this,n,r){let i=this.strings,a=!1;if(i===void 0)e=S(this,e,t,0),a=!g(e)||e!==this._$AH&&e!==y,a&&(this._$AH=e);else{let r=e,o,s;for(e=i[0],o=0;o<i.length-1;o++)s=S(this,r[n+o],t,o),s===y&&(s=this._$AH[o]),a||=!g(s)||s!==this._$AH[o],s===b?e=b:e!==b&&(e+=(s??``)+i[o+1]),this._$AH[o]=s}a&&!r&&this.j(e)}j(e){e===b?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??``)}},Pe=class extends Ne{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===b?void 0:e}},Fe=class extends Ne{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==b)}},Ie=class extends Ne{constructor(e,t,n,r,i){super(e,t,n,r,i),this.type=5}_$AI(e,t=this){if((e=S(this,e,t,0)??b)===y)return;let n=this._$AH,r=e===b&&n!==b||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,i=e!==b&&(n===b||r);r&&this.element.removeEventListener(this.name,this,n),i&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH==`function`?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},Le=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){S(this,e)}},Re=de.litHtmlPolyfillSupport;Re?.(Ae,Me),(de.litHtmlVersions??=[]).push(`3.3.3`);var ze=(e,t,n)=>{let r=n?.renderBefore??t,i=r._$litPart$;if(i===void 0){let e=n?.renderBefore??null;r._$litPart$=i=new Me(t.insertBefore(h(),e),e,void 0,n??{})}return i._$AI(e),i},Be=globalThis,C=class extends f{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=ze(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return y}};C._$litElement$=!0,C.finalized=!0,Be.litElementHydrateSupport?.({LitElement:C});var Ve=Be.litElementPolyfillSupport;Ve?.({LitElement:C}),(Be.litElementVersions??=[]).push(`4.2.2`);var He={attribute:!0,type:String,converter:ce,reflect:!1,hasChanged:le},Ue=(e=He,t,n)=>{let{kind:r,metadata:i}=n,a=globalThis.litPropertyMetadata.get(i);if(a===void 0&&globalThis.litPropertyMetadata.set(i,a=/* @__PURE__ */ new Map),r===`setter`&&((e=Object.create(e)).wrapped=!0),a.set(n.name,e),r===`accessor`){let{name:r}=n;return{set(n){let i=t.get.call(this);t.set.call(this,n),this.requestUpdate(r,i,e,!0,n)},init(t){return t!==void 0&&this.C(r,void 0,e,t),t}}}if(r===`setter`){let{name:r}=n;return function(n){let i=this[r];t.call(this,n),this.requestUpdate(r,i,e,!0,n)}}throw Error(`Unsupported decorator location: `+r)};function w(e){return(t,n)=>typeof n==`object`?Ue(e,t,n):((e,t,n)=>{let r=t.hasOwnProperty(n);return t.constructor.createProperty(n,e),r?Object.getOwnPropertyDescriptor(t,n):void 0})(e,t,n)}function T(e){return w({...e,state:!0,attribute:!1})}var We=(e,t,n)=>(n.configurable=!0,n.enumerable=!0,Reflect.decorate&&typeof t!=`object`&&Object.defineProperty(e,t,n),n);function E(e,t){return(n,r,i)=>{let a=t=>t.renderRoot?.querySelector(e)??null;if(t){let{get:e,set:t}=typeof r==`object`?n:i??(()=>{let e=Symbol();return{get(){return this[e]},set(t){this[e]=t}}})();return We(n,r,{get(){let n=e.call(this);return n===void 0&&(n=a(this),(n!==null||this.hasUpdated)&&t.call(this,n)),n}})}return We(n,r,{get(){return a(this)}})}}function D(e,t){customElements.get(e)||customElements.define(e,t)}var O=o`
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
`,Ge={users:`user_id`,devices:`device_id`,doors:`door_id`,rules:`rule_id`};function Ke(e,t,n,r=100){let i={type:`gem_access/log/list`,...t,limit:r};return n!=null&&(i.before_id=n),e.callWS(i)}function qe(e,t,n){return e.connection.subscribeMessage(n,{type:`gem_access/log/subscribe`,...t})}async function Je(e,t){return(await e.callWS({type:`gem_access/log/count`,...t})).count}var Ye=(e,t,n)=>e.callWS({type:`gem_access/log/stats`,...t,bucket:n}),Xe=(e,t={})=>e.callWS({type:`gem_access/log/flags`,...t}).then(e=>Array.isArray(e)?e:e?.flags??[]),Ze=e=>e.callWS({type:`gem_access/log/filter_choices`}),Qe=(e,t)=>e.callWS({type:`gem_access/log/delete_old`,keep_days:t}),$e=(e,t)=>e.callWS({type:`gem_access/snapshot/get`,log_id:t}),et=(e,t)=>e.callWS({type:`gem_access/${t}/list`}),tt=(e,t,n)=>e.callWS({...n,type:`gem_access/${t}/create`}),nt=(e,t,n,r)=>e.callWS({...r,type:`gem_access/${t}/update`,[Ge[t]]:n}),rt=(e,t,n)=>e.callWS({type:`gem_access/${t}/delete`,[Ge[t]]:n}),it=(e,t)=>e.callWS({type:`gem_access/face/score`,log_id:t}),at=(e,t)=>e.callWS({type:`gem_access/face/delete_all`,photos:t}),ot=e=>e.callWS({type:`gem_access/settings/get`}),st=(e,t)=>e.callWS({...t,type:`gem_access/settings/update`});async function ct(e,t){return lt(e,(await e.callWS({type:`auth/sign_path`,path:t,expires:120})).path)}function lt(e,t){return e.hassUrl?e.hassUrl(t):t}function ut(e,t,n={}){if(e.fetchWithAuth)return e.fetchWithAuth(t,n);let r=new Headers(n.headers),i=e.auth?.data?.access_token;return i&&r.set(`authorization`,`Bearer ${i}`),fetch(lt(e,t),{...n,headers:r,credentials:`same-origin`})}var dt=e=>`/api/gem_access/users/${encodeURIComponent(e)}/photo`;async function ft(e,t){let n=await ut(e,dt(t));return n.ok?URL.createObjectURL(await n.blob()):null}async function pt(e,t,n){let r=new FormData;r.append(`file`,n,n.name);let i=await ut(e,dt(t),{method:`POST`,body:r}),a=await i.text(),o={};try{o=a?JSON.parse(a):{}}catch{o={message:a}}if(!i.ok)throw{code:`http_${i.status}`,message:String(o.message??`HTTP ${i.status}`)};return o}async function mt(e,t){let n=await ut(e,dt(t),{method:`DELETE`});if(!n.ok)throw{code:`http_${n.status}`,message:`HTTP ${n.status}`}}function k(e){return e&&typeof e==`object`&&`message`in e?String(e.message):String(e)}function ht(e){if(e&&typeof e==`object`)return e.translation_placeholders?.field}var A={card:{title:`Access Log`,name:`GEM Access log`,description:`Today's access events and the latest few, linking to the Access Log.`,invalid_config:`Invalid configuration`,admins_only:`Only Home Assistant administrators can see the Access Log. Ask an administrator, or remove this card from dashboards shared with other users.`,today_one:`event today`,today_other:`events today`,none_today:`No access events yet today.`,open_log:`Open the Access Log`},result:{granted:`Granted`,denied:`Denied`,duress:`Duress`,forced:`Forced`,held_open:`Held Open`,error:`Error`},access_type:{pin:`PIN`,rfid:`RFID`,rex:`REX`},reason:{success:`Success`,unknown_credential:`Unknown credential`,user_disabled:`User disabled`,not_authorized:`User not authorized`,rule_disabled:`Access rule disabled`,outside_schedule:`Outside schedule hours`,schedule_day:`Schedule day not permitted`,cooldown:`Cooldown`,lockdown:`Lockdown`,duress:`Duress`,forced_door:`Forced door`,held_open:`Held open`,action_failed:`Action failed`,device_error:`Device error`,expired:`Expired`},reason_rex:{not_authorized:`Not an exit device`},match:{off:`off`,opt_out:`opt-out`,no_photo:`no photo`,no_face:`no face`,anonymous:`—`,error:`error`,pending:`pending`},match_score:{percent:`{value}%`},match_band:{high:`likely the same person`,mid:`unsure`,low:`likely someone else`}},gt={en:A},j=A,M=A,_t=`en`,vt;function yt(e){gt={en:A,...e},j=gt.en,bt(vt)}function bt(e){vt=e;let t=(e??``).trim(),n=t.split(/[-_]/)[0].toLowerCase(),r=[t,t.toLowerCase(),n].find(e=>e&&gt[e])??`en`;return M=gt[r],_t=r,r}var xt=e=>e?.locale?.language??e?.language;function N(e,t){let n=e;for(let e of t.split(`.`)){if(typeof n!=`object`||!n)return;n=n[e]}return typeof n==`string`?n:void 0}function St(e,t){return t?e.replace(/\{(\w+)\}/g,(e,n)=>Object.prototype.hasOwnProperty.call(t,n)?String(t[n]):e):e}function P(e,...t){return St(N(M,e)??N(j,e)??e,t[0])}function Ct(e,t){if(/^[a-z0-9_]+$/.test(t))return N(M,`${e}.${t}`)??N(j,`${e}.${t}`)}var wt,Tt=``;function Et(e,t){Tt!==_t&&(wt=new Intl.PluralRules(_t),Tt=_t);let n=`${e}_${wt.select(t)===`one`?`one`:`other`}`;return N(M,n)??N(j,n)??n}function Dt(e){try{return e.toLocaleString(vt||void 0)}catch{return e.toLocaleString()}}function F(e,t,n={}){return St(Et(e,t),{count:Dt(t),...n})}function Ot(e,t){return kt(N(M,e)??N(j,e)??e,t)}function kt(e,t){return e.split(/(\{\w+\})/).filter(e=>e!==``).map(e=>{let n=/^\{(\w+)\}$/.exec(e);return n&&Object.prototype.hasOwnProperty.call(t,n[1])?t[n[1]]:e})}var At={en:{...A,common:{loading:`Loading…`,save:`Save`,saving:`Saving…`,saved:`Saved.`,cancel:`Cancel`,close:`Close`,delete:`Delete`,remove:`Remove`,yes:`Yes`,no:`No`,always:`Always`,never:`Never`,quick_range:`Quick range`,last_24_hours:`Last 24 hours`,last_days:`Last {days} days`,range_button:`{days}D`,remove_filter:`Remove this filter`,or:` or `},days:{mon:`Mon`,tue:`Tue`,wed:`Wed`,thu:`Thu`,fri:`Fri`,sat:`Sat`,sun:`Sun`},time_ago:{just_now:`just now`,minutes:`{count} min ago`,hours:`{count} h ago`,days_one:`{count} day ago`,days_other:`{count} days ago`},panel:{title:`Access Log`,menu:`Menu`,sections:`Access Log sections`,tabs:{log:`Log`,reports:`Reports`,users:`Users`,devices:`Devices`,doors:`Doors`,rules:`Rules`,settings:`Settings`}},log:{title:`Access Log`,live:`Live`,offline:`Offline`,live_title:`Live updates`,filters_button:`Filters`,export:`Export CSV`,exporting:`Exporting…`,export_failed:`Export failed: {error}`,delete_old:`Delete Old Logs`,filters:{label:`Filters`,user:`User`,all_users:`All Users`,device:`Access Device`,all_devices:`All Devices`,type:`Access Type`,all_types:`All Types`,result:`Result`,all_results:`All Results`,from:`From`,to:`To`,quick_range:`Quick Range`,clear:`Clear Filters`,deleted:`{name} (deleted)`,door_chip:`Door: {name}`,reason_chip:`Reason: {reason}`},empty:{title_filtered:`No access events match these filters`,title_none:`No access events yet`,try_wider:`Try a wider date range or {clear}`,appear_here:`Events appear here the moment a credential is presented.`,tip_device:`Check that at least one access device (reader) is configured under Devices and assigned to a door.`,tip_driver:`Check that the reader's driver is connected (serial port, OSDP bus, or the HA tag / event source).`,tip_try:`Try a credential with the action {action} in Developer tools.`,tip_retention:`Old events may have been removed by the retention setting or Delete Old Logs.`,tip_range:`A quick range or a From / To date may hide older events.`},grid:{label:`Access events`,id:`ID`,timestamp:`Timestamp`,user:`User`,device:`Access Device`,type:`Type`,result:`Result`,action:`Action Details`,reason:`Reason`,match:`Match`,image:`Image`,total_one:`{count} event`,total_other:`{count} events`,media:`Image / video of event {id}`,media_none:`Image / video of event {id} (none stored; tries the recording or the camera)`}},snapshot:{title:`Event #{id}`,no_snapshot:`No snapshot available for this event.`,no_snapshot_detail:`No snapshot available for this event. ({error})`,clip_error:`The recording's clip could not be loaded.`,show_still:`Show still`,play_clip:`▶ Play clip (−5 s to +10 s)`,score_now:`Score now`,scoring:`Scoring…`,profile_photo:`Profile photo`,profile_photo_of:`Profile photo of {name}`,no_profile_photo:`No profile photo`,event_snapshot:`Event snapshot`,image_alt:`Snapshot of event {id}`,match_score:`Match score`,advisory:`{band} (advisory)`,source:{stored:`Stored with the event`,recording:`NVR recording at the event time`,live:`Live view now, not at the event`}},delete_logs:{title:`Delete Old Logs`,days_to_keep:`Days to keep`,invalid_days:`Enter a whole number of days (0–36500).`,counting:`Counting…`,everything:`(everything up to now)`,older_than_one:`older than {count} day`,older_than_other:`older than {count} days`,will_delete_one:`{count} row {older} will be deleted.`,will_delete_other:`{count} rows {older} will be deleted.`,deleted_one:`Deleted {count} row.`,deleted_other:`Deleted {count} rows.`,cannot_undo:`This cannot be undone.`,warning:`Deleted events are gone for good; export them to CSV first if you may need them (compliance, audits).`,deleting:`Deleting…`},review:{label:`Today's review`,title:`Last 24 h`,show_in_grid:`Show them in the grid`,show_flag_rows:`Show the rows behind this flag`,no_flags:`✓ No red flags`,user_at_device:`{user} at {device}`,numbers:{total:`events`,granted:`granted`,denied:`denied`,forced:`forced`,held_open:`held open`}},flag:{denied_burst:`Burst of denials`,unknown_credentials:`Unknown credentials`,failing_user:`Repeated denials for a user`,unusual_hours:`Activity at unusual hours`,forced:`Door forced open`,held_open:`Door held open`,device_errors:`Device errors`},reports:{title:`Reports`,open_log:`Open in log`,active_filters:`Active filters`,chip:`{label}: {value}`,filters:{user_id:`User`,device_id:`Device`,door_id:`Door`,access_type:`Type`,result:`Result`,reason:`Reason`,start:`From`,end:`To`},timeline:`Events over time`,per_bucket:`(per {bucket})`,bucket:{hour:`hour`,day:`day`,week:`week`},peak_hours:`Peak hours`,top_users:`Top users`,top_devices:`Top devices`,top_reasons:`Top denial reasons`,cards:{total:`Total events`,granted:`Granted`,denied:`Denied`,alarms:`Forced / held open`,users:`Unique users`,no_previous:`no earlier period to compare`,change:`{change}% vs previous period`,share:`{share}% of events`,show_in_log:`Show these events in the log`},heatmap:{label:`Events by weekday and hour`,cell_one:`{day} {from}–{to}: {count} event`,cell_other:`{day} {from}–{to}: {count} events`,busiest_one:`Busiest hour: {count} event`,busiest_other:`Busiest hour: {count} events`},top:{show_in_log:`Show in the log`,nothing:`Nothing in this period.`,bar:`{result}: {count}`},results:{granted:`Granted`,denied:`Denied`,forced:`Forced`,held_open:`Held open`,error:`Error`},chart:{label:`Events over time, stacked by result`,hint:`Click a bar to narrow the dates`,failed:`The chart failed to load: {error}`}},records:{none_configured:`None configured yet.`,not_set:`not set`,masked:`•••• ({count} set)`,replace_all:`Type to replace all (comma separated); leave empty to keep`,replace:`Type to replace; leave empty to keep`,comma_separated:`Comma separated`,schedule:{no_windows:`No windows: always allowed.`,days:`Days`,from:`From`,to:`to`,remove_window:`Remove window`,add_window:`+ Add time window`,overnight:`An end before the start runs overnight.`},users:{heading:`Users`,intro:``,add:`+ Add user`,new:`New user`,edit:`Edit user`,delete_confirm:`Delete user "{name}"?`,empty:`No users yet.`},devices:{heading:`Access devices`,intro:`Readers, keypads and exit buttons: each belongs to a door; only an exit device opens it by exit request (REX); a camera or NVR source gives the log its snapshots.`,add:`+ Add access device`,new:`New access device`,edit:`Edit access device`,delete_confirm:`Delete access device "{name}"?`,empty:`No access devices yet.`},doors:{heading:`Doors`,intro:``,add:`+ Add door`,new:`New door`,edit:`Edit door`,delete_confirm:`Delete door "{name}"?`,empty:`No doors yet.`},rules:{heading:`Access rules`,intro:`A rule lets its users in at its readers during its schedule.`,add:`+ Add rule`,new:`New rule`,edit:`Edit rule`,delete_confirm:`Delete rule "{name}"?`,empty:`No access rules yet.`}},users:{fields:{name:`Name`,enabled:`Enabled`,valid_from:`Valid from`,valid_from_help:`Empty: no start date`,valid_until:`Valid until`,valid_until_help:`Empty: no end date`,pins:`PINs`,pins_help:`Write-only: PINs are stored hashed and never shown.`,duress_pin:`Duress PIN`,duress_pin_help:`Opens like a normal PIN and silently runs the rule's duress script.`,rfid_cards:`RFID cards`,facial_recognition:`Facial recognition for this user (turn off to opt out)`},columns:{name:`Name`,enabled:`Enabled`,valid:`Valid`,pins:`PINs`,cards:`Cards`,photo:`Photo`,face:`Face`,face_opt_out:`opt-out`,face_on:`on`,face_off_everyone:`off (Settings)`,last_access:`Last access`,denied:`denied {ago}`,log:`Log`,view_log:`View log`}},doors:{fields:{name:`Name`,contact:`Door contact`,actuator:`Lock / strike`,strike_time:`Strike time (s)`,held_open:`Held-open threshold (s)`,held_open_help:`Empty: the default from Settings`},columns:{name:`Name`,contact:`Contact`,actuator:`Lock / strike`,strike:`Strike (s)`,held_open:`Held open (s)`}},devices:{fields:{name:`Name`,door:`Door`,driver:`Driver`,driver_options:`Driver options`,exit_device:`Exit device (may send exit requests / REX)`,exit_device_help:`Only a button inside the door: a keypad or card reader outside a door must not be an exit device.`,camera:`Camera`,nvr_device:`NVR device id`,nvr_device_help:`A Frigate device (camera or server) of the Frigate integration; its recordings show events with no stored picture`,nvr_camera:`NVR camera`,nvr_camera_help:`The Frigate camera name (optional with a Frigate camera device; else uses the Frigate URL setting)`},columns:{name:`Name`,door:`Door`,driver:`Driver`,exit:`Exit`,exit_badge:`Exit`,camera:`Camera`,nvr:`NVR`,last_event:`Last event`}},rules:{fields:{name:`Name`,enabled:`Enabled`,readers:`Readers`,users:`Users`,schedule:`Weekly schedule`,script:`Script on grant`,duress_script:`Duress script (runs silently)`,held_open:`Held-open threshold (s)`,held_open_help:`Empty: the door's, else the default`},columns:{name:`Name`,enabled:`Enabled`,readers:`Readers`,users:`Users`,schedule:`Schedule`}},photo:{heading:`Profile photo (facial recognition)`,alt:`Profile photo of {name}`,none:`No photo`,not_image:`This file is not a JPEG or PNG image. Choose a .jpg or .png photo.`,too_large:`This photo is larger than 5 MB. Choose a smaller one.`,upload_failed:`Upload failed: {error}`,remove_failed:`Could not remove the photo: {error}`,saved:`Photo saved.`,removed:`Photo removed.`,not_enrolled_error:`Not enrolled: {error}`,enrolled:`Enrolled: events are scored against this photo.`,enrolled_opted_out:`Enrolled: events are scored against this photo (user opted out).`,not_enrolled:`Photo on file, not enrolled (facial recognition is off or still working).`,no_photo_status:`No photo: this user's events show “no photo”.`,uploading:`Uploading…`,replace:`Replace photo`,upload:`Upload photo`,hint:`JPEG or PNG, at most 5 MB, one face, looking at the camera.`,remove:`Remove photo`},embedding_error:{no_face_detected:`No face was found in this photo: upload a clearer, front-facing one.`,unreadable_image:`This photo could not be read: upload it again as a JPEG or PNG.`,multiple_faces:`More than one face in this photo: upload one with only this person.`},settings:{title:`Settings`,face:{heading:`Facial recognition`,enable:`Score each access event against the user's profile photo (advisory only)`,privacy:`Biometric data is regulated in some places (e.g. Illinois BIPA, EU/UK GDPR Article 9). Before turning this on, confirm it is lawful where this installation is and that you have the consent of everyone whose photo you upload. Processing stays on this server; photos and embeddings never leave it.`,acknowledge:`I have read this and I am allowed to process these biometric identifiers`,acknowledge_required:`Confirm the privacy notice to turn facial recognition on.`,acknowledged:`Privacy notice acknowledged on {date}.`,acknowledged_by:`Privacy notice acknowledged by {user} on {date}.`,delete_biometrics:`Delete all biometric data`,delete_hint_off:`Turning facial recognition off keeps the face data; delete it too?`,delete_hint:`Deletes every face embedding; profile photos are kept.`,delete_confirm:`Delete every face embedding now? Profile photos stay and are enrolled again when facial recognition is next turned on.`,deleted_one:`Deleted {count} face embedding.`,deleted_other:`Deleted {count} face embeddings.`},numbers:{heading:`Retention, cooldown and thresholds`,retention_days:`Keep logs for (days)`,retention_days_help:`0 keeps them forever.`,snapshot_retention_days:`Keep pictures for (days)`,snapshot_retention_days_help:`Event pictures and clips are deleted sooner than their log rows; 0 keeps them as long as the rows.`,cooldown_failures:`Cooldown after failed attempts`,cooldown_failures_help:`Failures on one reader within the window that start a cooldown (0 turns it off).`,cooldown_window_s:`Failure window (s)`,cooldown_window_s_help:``,cooldown_s:`Cooldown length (s)`,cooldown_s_help:``,forced_grace_s:`Forced-door grace (s)`,forced_grace_s_help:`A door opening this long after a grant is not forced.`,default_held_open_threshold_sec:`Default held-open threshold (s)`,default_held_open_threshold_sec_help:`Used when neither the rule nor the door sets one. Empty: never.`,match_green_threshold:`Match: green from score`,match_green_threshold_help:`Face match scores from this up show green (likely the same person).`,match_amber_threshold:`Match: amber from score`,match_amber_threshold_help:`From this up to green: amber (unsure); below: red.`},nvr:{heading:`Recordings (NVR)`,frigate_url:`Frigate URL`,frigate_url_help:`Where the log finds recordings of readers with an NVR camera, when their NVR device is not one of the Frigate integration (that one's address is used then). Home Assistant fetches them; the browser never contacts Frigate. Empty: none.`}}}},jt=[{name:`virtual`,label:`Virtual (service calls, ESPHome)`,options:[],note:`Fed by the gem_access.present_credential action; always online.`},{name:`serial`,label:`Serial reader`,options:[{key:`port`,label:`Port`,type:`text`,required:!0,help:`Best a stable /dev/serial/by-id/… link, or socket://host:port / rfc2217://host:port`,min:null,max:null,integer:!1,choices:[],default:null,kind:`serial_port`,missing_error:`invalid_field`},{key:`baudrate`,label:`Baud rate`,type:`number`,required:!1,help:`Empty: 9600`,min:1200,max:921600,integer:!0,choices:[],default:9600,kind:null,missing_error:`invalid_field`},{key:`format`,label:`Format`,type:`select`,required:!1,help:`What the reader sends: PIN:/CARD:/REX lines, or Wiegand frames as lines of bits`,min:null,max:null,integer:!1,choices:[[`line`,`Lines (PIN:, CARD:, REX)`],[`wiegand26`,`Wiegand 26-bit (H10301)`],[`wiegand34`,`Wiegand 34-bit (H10306)`],[`wiegand37`,`Wiegand 37-bit (H10304)`],[`wiegand_raw`,`Wiegand, raw bits (no parity check)`]],default:`line`,kind:null,missing_error:`invalid_field`},{key:`key_timeout_s`,label:`Keypad timeout (s)`,type:`number`,required:!1,help:`Wiegand keypads: digits older than this are forgotten. Empty: 5`,min:1,max:60,integer:!1,choices:[],default:5,kind:null,missing_error:`invalid_field`},{key:`silence_timeout_s`,label:`Silence timeout (s)`,type:`number`,required:!1,help:`Report the reader when it sends nothing this long. Empty: no watchdog`,min:1,max:86400,integer:!1,choices:[],default:null,kind:null,missing_error:`invalid_field`}],note:``},{name:`osdp`,label:`OSDP reader (RS-485)`,options:[{key:`port`,label:`Port`,type:`text`,required:!0,help:`The RS-485 adapter; readers naming the same port share one bus`,min:null,max:null,integer:!1,choices:[],default:null,kind:`serial_port`,missing_error:`invalid_field`},{key:`baudrate`,label:`Baud rate`,type:`number`,required:!1,help:`Of the whole bus (readers on one port must agree). Empty: 9600`,min:1200,max:921600,integer:!0,choices:[],default:9600,kind:null,missing_error:`invalid_field`},{key:`address`,label:`Address`,type:`number`,required:!0,help:`The reader's OSDP address on the bus (0-126)`,min:0,max:126,integer:!0,choices:[],default:null,kind:null,missing_error:`invalid_field`},{key:`install_mode`,label:`Install mode`,type:`bool`,required:!1,help:`Accept the reader without a key once, to give it this reader's secure-channel key`,min:null,max:null,integer:!1,choices:[],default:!1,kind:null,missing_error:`invalid_field`}],note:``},{name:`ha_tag`,label:`Home Assistant tag scanner`,options:[{key:`tag_device_id`,label:`Tag scanner`,type:`text`,required:!0,help:`Device id of the scanner whose scans count here`,min:null,max:null,integer:!1,choices:[],default:null,kind:`ha_device`,missing_error:`tag_scanner_required`}],note:`NFC tag UIDs are easy to clone and are visible to every Home Assistant user: only scans from the scanner chosen below count. Prefer a PIN (or PIN and tag) for doors that matter.`}],Mt=`driver_options`,Nt=[9600,19200,38400,57600,115200],Pt=e=>jt.find(t=>t.name===String(e??``)),Ft=e=>Pt(e)?.note??``;Ft(`ha_tag`);var It=jt.map(e=>({value:e.name,label:e.label}));function Lt(e){let t={key:e.key,label:e.label,type:e.type,help:e.help||void 0};return e.required&&(t.required=!0),e.min!==null&&(t.min=e.min),e.max!==null&&(t.max=e.max),e.choices.length&&(t.options=e.choices.map(([e,t])=>({value:e,label:t}))),t}var Rt=Object.fromEntries(jt.map(e=>[e.name,e.options.map(Lt)])),I=e=>Rt[String(e??``)]??[];function zt(e){let t={};if(e&&typeof e==`object`&&!Array.isArray(e))for(let[n,r]of Object.entries(e))r!=null&&(t[n]=String(r));return t}function Bt(e,t){let n={};for(let r of I(e)){let e=(t?.[r.key]??``).trim();if(e===``)r.required&&(n[r.key]=``);else if(r.type===`bool`)e===`true`&&(n[r.key]=!0);else if(r.type===`number`){let t=Number(e);n[r.key]=Number.isFinite(t)?t:e}else n[r.key]=e}return n}function Vt(e,t){let n=e=>JSON.stringify(Object.entries(e&&typeof e==`object`?e:{}).sort(([e],[t])=>e<t?-1:+(e>t)));return n(e)===n(t)}function Ht(e){let t=`${Mt}.`;return e?.startsWith(t)?e.slice(t.length):void 0}function Ut(e,t){let n=t&&typeof t==`object`?t:{};if(e===`serial`&&n.port){let e=n.format&&n.format!==`line`?` (${String(n.format)})`:``;return`${String(n.port)} @ ${String(n.baudrate??9600)}${e}`}return e===`osdp`&&n.port?`${String(n.port)} #${String(n.address??`?`)}`:``}var Wt=[`mon`,`tue`,`wed`,`thu`,`fri`,`sat`,`sun`],Gt=e=>Ct(`days`,e)??e;function L(e){return e>0?P(`records.masked`,{count:e}):P(`records.not_set`)}function Kt(e){return e.split(/[\s,;]+/).map(e=>e.trim()).filter(Boolean)}function qt(e,t){switch(e.type){case`number`:return t===``||t==null?null:Number(t);case`text`:case`entity`:case`date`:case`select`:return t===``||t===void 0?e.type===`text`&&e.required?``:null:t;case`secret-list`:return Kt(String(t??``));case`secret`:return t===``?null:t;default:return t}}function Jt(e,t,n,r){let i={};for(let a of e){if(a.type===`driver-options`){let e=Bt(t[a.driverField??`driver`],t[a.key]);n&&Vt(e,n[a.key])||(i[a.key]=e);continue}if(a.type===`secret`||a.type===`secret-list`){r.has(a.key)&&(i[a.key]=qt(a,t[a.key]));continue}let e=qt(a,t[a.key]);n?(JSON.stringify(e??null)!==JSON.stringify(n[a.key]??null)||a.always)&&(i[a.key]=e):e!=null&&(!Array.isArray(e)||e.length||a.required)&&(i[a.key]=e)}return i}function Yt(){return{days:[`mon`,`tue`,`wed`,`thu`,`fri`],start:`08:00`,end:`18:00`}}var R=e=>v`<span class="badge shape-${e.shape} tone-${e.tone}" data-badge=${e.key}>${e.text}</span>`,Xt=/* @__PURE__ */ new Map;function Zt(e){let t=Xt.get(e);return t||(t=new Intl.DateTimeFormat(`en-US`,{timeZone:e,hourCycle:`h23`,year:`numeric`,month:`2-digit`,day:`2-digit`,hour:`2-digit`,minute:`2-digit`,second:`2-digit`}),Xt.set(e,t)),t}function Qt(e,t){let n={};for(let r of Zt(t).formatToParts(e))r.type!==`literal`&&(n[r.type]=Number(r.value));return{year:n.year,month:n.month,day:n.day,hour:n.hour===24?0:n.hour,minute:n.minute,second:n.second}}function $t(e,t){let n=Qt(new Date(e),t);return Date.UTC(n.year,n.month-1,n.day,n.hour,n.minute,n.second)-Math.floor(e/1e3)*1e3}function en(e,t){let n=Date.UTC(e.year,e.month-1,e.day,e.hour,e.minute,e.second),r=n-$t(n,t),i=n-$t(r,t);return i!==r&&(r=Math.max(r,i)),new Date(r)}var tn=(e,t=2)=>String(e).padStart(t,`0`);function nn(e,t){let n=Qt(e,t);return`${tn(n.year,4)}-${tn(n.month)}-${tn(n.day)}T${tn(n.hour)}:${tn(n.minute)}`}var rn=/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;function an(e,t){let n=rn.exec(e.trim());if(!n)return null;let[,r,i,a,o,s,c]=n;return en({year:Number(r),month:Number(i),day:Number(a),hour:Number(o??0),minute:Number(s??0),second:Number(c??0)},t)}function on(e,t){return en({...Qt(e,t),hour:0,minute:0,second:0},t)}var sn=/* @__PURE__ */ new Map;function cn(e,t,n){let r=new Date(e);if(Number.isNaN(r.getTime()))return e;let i=`${n??``}|${t}`,a=sn.get(i);if(!a){try{a=new Intl.DateTimeFormat(n||void 0,{timeZone:t,year:`numeric`,month:`short`,day:`numeric`,hour:`2-digit`,minute:`2-digit`,second:`2-digit`})}catch{a=new Intl.DateTimeFormat(void 0,{timeZone:t,dateStyle:`medium`,timeStyle:`medium`})}sn.set(i,a)}return a.format(r)}var ln=[`granted`,`denied`,`duress`,`forced`,`held_open`,`error`],un=[`pin`,`rfid`,`rex`],dn=[`1`,`7`,`30`,`90`];[...dn];var fn=[`user_id`,`device_id`,`door_id`,`access_type`,`result`,`reason`,`range`,`start`,`end`];function pn(e){let t=new URLSearchParams(e),n={},r=t.get(`user_id`);r&&(n.user_id=r);let i=t.get(`device_id`);i&&(n.device_id=i);let a=t.get(`door_id`);a&&(n.door_id=a);let o=t.get(`reason`);o&&/^[a-z_]{1,40}$/.test(o)&&(n.reason=o);let s=t.get(`access_type`);s&&un.includes(s)&&(n.access_type=s);let c=t.get(`result`);c&&ln.includes(c)&&(n.result=c);let l=t.get(`range`);l&&mn(l)&&(n.range=l);let u=t.get(`start`);!n.range&&u&&an(u,`UTC`)&&(n.start=u);let d=t.get(`end`);return d&&an(d,`UTC`)&&(n.end=d),n}function mn(e){return e===`today`||/^\d{1,4}$/.test(e)&&Number(e)>=1&&Number(e)<=3650}function hn(e){let t=new URLSearchParams;for(let n of fn){if(n===`start`&&e.range)continue;let r=e[n];r&&t.set(n,r)}let n=t.toString();return n?`?${n}`:``}function gn(e,t,n){return e===`today`?on(t,n):/* @__PURE__ */ new Date(t.getTime()-Number(e)*864e5)}function _n(e,t,n){return nn(gn(e,t,n),n)}function vn(e,t,n=/* @__PURE__ */ new Date){let r={};if(e.user_id&&(r.user_id=e.user_id),e.device_id&&(r.device_id=e.device_id),e.door_id&&(r.door_id=e.door_id),e.access_type&&(r.access_type=e.access_type),e.result===`duress`?r.reason=`duress`:e.result&&(r.result=e.result),e.reason&&e.result!==`duress`&&(r.reason=e.reason),e.range)r.start=gn(e.range,n,t).toISOString();else if(e.start){let n=an(e.start,t);n&&(r.start=n.toISOString())}if(e.end){let n=an(e.end,t);n&&(r.end=new Date(n.getTime()+6e4).toISOString())}return r}var yn=`/api/gem_access/log.csv`;function bn(e){let t=new URLSearchParams;for(let[n,r]of Object.entries(e))r!=null&&r!==``&&t.set(n,String(r));let n=t.toString();return n?`${yn}?${n}`:yn}function xn(e){return Object.values(e).some(e=>e!==void 0&&e!==``)}function Sn(e){if(e.result===`granted`&&e.reason===`duress`)return{key:`duress`,text:P(`result.duress`),tone:`error`,shape:`badge`};switch(e.result){case`granted`:return{key:`granted`,text:`✓ ${P(`result.granted`)}`,tone:`success`,shape:`text`};case`denied`:return{key:`denied`,text:`✕ ${P(`result.denied`)}`,tone:`error`,shape:`text`};case`forced`:return{key:`forced`,text:`⚡ ${P(`result.forced`)}`,tone:`error`,shape:`pill`};case`held_open`:return{key:`held_open`,text:`⏱ ${P(`result.held_open`)}`,tone:`warning`,shape:`pill`};case`error`:return{key:`error`,text:`⚠ ${P(`result.error`)}`,tone:`orange`,shape:`text`};default:return{key:String(e.result),text:String(e.result??`—`),tone:`neutral`,shape:`text`}}}var z={green:50,amber:30};function Cn(e){let t=(e,t)=>typeof e==`number`&&Number.isFinite(e)?e:t;return{green:t(e?.match_green_threshold,z.green),amber:t(e?.match_amber_threshold,z.amber)}}function wn(e,t=z){return e>=t.green?`high`:e>=t.amber?`mid`:`low`}function Tn(e,t=z){return P(`match_band.${wn(Math.round(e),t)}`)}var En=(e,t)=>Ct(e,t)??t;function Dn(e,t=z){let n=e.match_score;if(typeof n==`number`&&(e.match_status===`scored`||e.match_status==null)){let e=Math.round(n),r=wn(e,t),i=P(`match_score.percent`,{value:e});return r===`high`?{key:`high`,text:`✓ ${i}`,tone:`success`,shape:`badge`}:r===`mid`?{key:`mid`,text:`⚠ ${i}`,tone:`warning`,shape:`badge`}:{key:`low`,text:`✕ ${i}`,tone:`error`,shape:`badge`}}let r=e.match_status??`off`;return{key:r,text:En(`match`,r),tone:r===`error`?`orange`:`neutral`,shape:`text`}}var On=e=>typeof e.match_score==`number`;function kn(e){if(!e)return`—`;let t=En(`access_type`,e);return t===e?e.toUpperCase():t}function An(e,t){return e?e===`not_authorized`&&t===`rex`?P(`reason_rex.not_authorized`):En(`reason`,e):`—`}var jn=/\.(mp4|webm|mov|m4v|m3u8|ts)$/i;function Mn(e,t,n){if(n===`video`||t&&t.toLowerCase().startsWith(`video/`))return!0;if(!e)return!1;if(e.startsWith(`data:`))return/^data:video\//i.test(e);let r=e;try{r=new URL(e,`http://x`).pathname}catch{}return jn.test(r)}var B=[`granted`,`denied`,`forced`,`held_open`,`error`],Nn=e=>P(`reports.results.${e}`),Pn={granted:[`--success-color`,`#43a047`],denied:[`--error-color`,`#db4437`],forced:[`--orange-color`,`#ff9800`],held_open:[`--warning-color`,`#ffa600`],error:[`--secondary-text-color`,`#727272`]},Fn=[`mon`,`tue`,`wed`,`thu`,`fri`,`sat`,`sun`],In=36e5,Ln=24*In,Rn=()=>({granted:0,denied:0,forced:0,held_open:0,error:0});function zn(e){let t=Rn();for(let n of B)t[n]=Number(e?.[n]??0)||0;return t}var Bn=e=>B.reduce((t,n)=>t+(Number(e?.[n]??0)||0),0);function Vn(e,t=/* @__PURE__ */ new Date){if(!e.start)return`week`;let n=(e.end?Date.parse(e.end):t.getTime())-Date.parse(e.start);return n<=3*Ln?`hour`:n<=93*Ln?`day`:`week`}function Hn(e){return e.range||e.start||e.end?e:{...e,range:`7`}}function Un(e,t,n=/* @__PURE__ */ new Date){let r=vn(Hn(e),t,n);return{query:r,bucket:Vn(r,n)}}function Wn(e,t){return t==null||!Number.isFinite(t)?null:t===0?e===0?0:null:Math.round((e-t)/t*100)}function Gn(e){let t=e.previous;return t?{counts:zn(t.totals??t),users:typeof t.unique_users==`number`?t.unique_users:null}:{counts:null,users:null}}function Kn(e){let t=zn(e.totals),n=Bn(t),{counts:r,users:i}=Gn(e),a=e=>n?Math.round(e/n*1e3)/10:0,o=t.forced+t.held_open;return[{key:`total`,label:P(`reports.cards.total`),value:n,share:null,change:Wn(n,r&&Bn(r)),riseIsBad:!1},{key:`granted`,label:P(`reports.cards.granted`),value:t.granted,share:a(t.granted),change:Wn(t.granted,r?.granted),riseIsBad:!1,filter:{result:`granted`}},{key:`denied`,label:P(`reports.cards.denied`),value:t.denied,share:a(t.denied),change:Wn(t.denied,r?.denied),riseIsBad:!0,filter:{result:`denied`}},{key:`alarms`,label:P(`reports.cards.alarms`),value:o,share:null,change:Wn(o,r?r.forced+r.held_open:null),riseIsBad:!0},{key:`users`,label:P(`reports.cards.users`),value:Number(e.unique_users)||0,share:null,change:Wn(Number(e.unique_users)||0,i),riseIsBad:!1}]}function qn(e){let t=e.buckets??[],n=t.map(e=>Math.floor(Date.parse(e.start)/1e3)),r=B.map(e=>t.map(t=>Number(t.counts?.[e]??0)||0)),i=[],a=t.map(()=>0);for(let e of r)a=e.map((e,t)=>e+a[t]),i.push(a);return{x:n,raw:r,stacked:i}}function Jn(e,t,n){if(t+1<e.length)return e[t+1]*1e3;let r=n===`hour`?In:n===`day`?Ln:7*Ln;return e[t]*1e3+r}function Yn(e,t,n,r,i){let a={...e};return delete a.range,a.start=nn(/* @__PURE__ */ new Date(t[n]*1e3),i),a.end=nn(/* @__PURE__ */ new Date(Jn(t,n,r)-6e4),i),a}function Xn(e){let t=Array.from({length:7},(t,n)=>Array.from({length:24},(t,r)=>Number(e?.[n]?.[r]??0)||0)),n=Math.max(0,...t.flat());return{max:n,cells:t.map((e,t)=>e.map((e,r)=>({weekday:t,hour:r,count:e,level:n?e/n:0})))}}function Zn(e,t){let n={...Hn(e),...t};return t.reason&&(t.reason===`duress`?(n.result=`duress`,delete n.reason):n.result!==`duress`&&n.result||delete n.result),n}function Qn(e,t){let n={},r=t=>{let n=e?.[t];return n==null||n===``?void 0:String(n)},i=r(`user_id`);i&&(n.user_id=i);let a=r(`device_id`);a&&(n.device_id=a);let o=r(`door_id`);o&&(n.door_id=o);let s=r(`access_type`);s&&(n.access_type=s);let c=r(`reason`),l=r(`result`);c===`duress`?n.result=`duress`:(l&&ln.includes(l)&&(n.result=l),c&&(n.reason=c));let u=r(`start`);u&&!Number.isNaN(Date.parse(u))&&(n.start=nn(new Date(u),t));let d=r(`end`);return d&&!Number.isNaN(Date.parse(d))&&(n.end=nn(/* @__PURE__ */ new Date(Date.parse(d)-1),t)),n}var $n=[`forced`,`denied_burst`,`unknown_credentials`,`held_open`,`unusual_hours`,`failing_user`,`device_errors`],er=(e,t)=>t?e.find(e=>e.id===t)?.name??t:``,tr=(e,t)=>e&&t?P(`review.user_at_device`,{user:e,device:t}):e||t;function nr(e,t,n){let r=e=>{let t=$n.indexOf(e);return t<0?$n.length:t};return[...e??[]].sort((e,t)=>r(e.kind)-r(t.kind)||t.count-e.count).map(e=>({flag:e,label:En(`flag`,e.kind),subject:tr(er(t.users,e.user_id),er(t.devices,e.device_id)),filters:Qn(e.filter??{},n)}))}function rr(e,t){return e===`reasons`?An(t.id):t.name||t.id}function ir(e,t=/* @__PURE__ */ new Date){return{start:gn(`1`,t,e).toISOString()}}function ar(e,t=/* @__PURE__ */ new Date){if(!e)return P(`common.never`);let n=Date.parse(e);if(Number.isNaN(n))return`—`;let r=Math.max(0,Math.round((t.getTime()-n)/1e3));return r<60?P(`time_ago.just_now`):r<3600?P(`time_ago.minutes`,{count:Math.floor(r/60)}):r<86400?P(`time_ago.hours`,{count:Math.floor(r/3600)}):F(`time_ago.days`,Math.floor(r/86400))}var or=`/gem-access`,sr=(e,t=or)=>`${t}${hn(e)}`;function cr(e,t=!1){t?window.history.replaceState(window.history.state,``,e):window.history.pushState(null,``,e),window.dispatchEvent(new CustomEvent(`location-changed`,{detail:{replace:t}}))}function lr(e,t){e.stopPropagation(),e.ctrlKey||e.metaKey||e.shiftKey||e.button!==0||(e.preventDefault(),cr(t))}var ur=e=>e.map(e=>({value:e.id,label:e.name})),dr=e=>P(e?`common.yes`:`common.no`),V=e=>e==null||e===``?`—`:String(e),fr=()=>[{key:`name`,label:P(`users.fields.name`),type:`text`,required:!0},{key:`enabled`,label:P(`users.fields.enabled`),type:`bool`},{key:`valid_from`,label:P(`users.fields.valid_from`),type:`date`,help:P(`users.fields.valid_from_help`)},{key:`valid_until`,label:P(`users.fields.valid_until`),type:`date`,help:P(`users.fields.valid_until_help`)},{key:`pins`,label:P(`users.fields.pins`),type:`secret-list`,optional:!0,stored:e=>L(Number(e?.pin_count??0)),help:P(`users.fields.pins_help`)},{key:`duress_pin`,label:P(`users.fields.duress_pin`),type:`secret`,optional:!0,stored:e=>L(+!!e?.has_duress_pin),help:P(`users.fields.duress_pin_help`)},{key:`rfid_cards`,label:P(`users.fields.rfid_cards`),type:`secret-list`,optional:!0,stored:e=>L(Number(e?.rfid_card_count??0))},{key:`facial_recognition_enabled`,label:P(`users.fields.facial_recognition`),type:`bool`}],pr=(e=!0)=>[{label:P(`users.columns.name`),render:e=>e.name},{label:P(`users.columns.enabled`),render:e=>dr(e.enabled)},{label:P(`users.columns.valid`),render:e=>e.valid_from||e.valid_until?`${V(e.valid_from)} → ${V(e.valid_until)}`:P(`common.always`)},{label:P(`users.columns.pins`),render:e=>L(Number(e.pin_count??0))},{label:P(`users.columns.cards`),render:e=>L(Number(e.rfid_card_count??0))},{label:P(`users.columns.photo`),render:e=>e.has_photo?e.facial_recognition_embedding_error?v`<span class="error-text">${String(e.facial_recognition_embedding_error)}</span>`:P(`common.yes`):P(`common.no`)},{label:P(`users.columns.face`),render:t=>e?t.facial_recognition_enabled===!1?P(`users.columns.face_opt_out`):P(`users.columns.face_on`):P(`users.columns.face_off_everyone`)},{label:P(`users.columns.last_access`),render:e=>v`<span class="last-access" title=${String(e.last_access??``)}>${ar(e.last_access)}</span>${e.last_denied?v`<div class="muted" style="font-size:12px" title=${String(e.last_denied)}>
              ${P(`users.columns.denied`,{ago:ar(e.last_denied)})}
            </div>`:``}`},{label:P(`users.columns.log`),render:e=>{let t=sr({user_id:e.id});return v`<a class="user-log" href=${t} @click=${e=>lr(e,t)}
        @keydown=${e=>e.stopPropagation()}>${P(`users.columns.view_log`)}</a>`}}],mr=()=>[{key:`name`,label:P(`doors.fields.name`),type:`text`,required:!0},{key:`contact_entity_id`,label:P(`doors.fields.contact`),type:`entity`,domains:[`binary_sensor`]},{key:`actuator_entity_id`,label:P(`doors.fields.actuator`),type:`entity`,domains:[`lock`,`switch`]},{key:`strike_time_s`,label:P(`doors.fields.strike_time`),type:`number`,min:1,max:300},{key:`held_open_threshold_sec`,label:P(`doors.fields.held_open`),type:`number`,min:5,max:86400,help:P(`doors.fields.held_open_help`)}],hr=()=>[{label:P(`doors.columns.name`),render:e=>e.name},{label:P(`doors.columns.contact`),render:e=>V(e.contact_entity_id)},{label:P(`doors.columns.actuator`),render:e=>V(e.actuator_entity_id)},{label:P(`doors.columns.strike`),render:e=>V(e.strike_time_s)},{label:P(`doors.columns.held_open`),render:e=>V(e.held_open_threshold_sec)}],gr=It,_r=e=>e.rex_allowed?R({key:`exit`,text:`⇥ ${P(`devices.columns.exit_badge`)}`,tone:`neutral`,shape:`pill`}):`—`,vr=e=>[{key:`name`,label:P(`devices.fields.name`),type:`text`,required:!0},{key:`door_id`,label:P(`devices.fields.door`),type:`select`,required:!0,options:ur(e.doors)},{key:`driver`,label:P(`devices.fields.driver`),type:`select`,required:!0,options:gr},{key:`driver_options`,label:P(`devices.fields.driver_options`),type:`driver-options`,driverField:`driver`},{key:`rex_allowed`,label:P(`devices.fields.exit_device`),type:`bool`,always:!0,help:P(`devices.fields.exit_device_help`)},{key:`camera_entity_id`,label:P(`devices.fields.camera`),type:`entity`,domains:[`camera`]},{key:`nvr_device_id`,label:P(`devices.fields.nvr_device`),type:`text`,help:P(`devices.fields.nvr_device_help`)},{key:`nvr_camera`,label:P(`devices.fields.nvr_camera`),type:`text`,help:P(`devices.fields.nvr_camera_help`)}],yr=e=>[{label:P(`devices.columns.name`),render:e=>e.name},{label:P(`devices.columns.door`),render:t=>e.doors.find(e=>e.id===t.door_id)?.name??V(t.door_id)},{label:P(`devices.columns.driver`),render:e=>{let t=gr.find(t=>t.value===e.driver)?.label??V(e.driver),n=Ut(e.driver,e.driver_options);return n?v`${t}<br /><span class="muted">${n}</span>`:t}},{label:P(`devices.columns.exit`),render:_r},{label:P(`devices.columns.camera`),render:e=>V(e.camera_entity_id)},{label:P(`devices.columns.nvr`),render:e=>e.nvr_device_id?`${e.nvr_device_id} / ${V(e.nvr_camera)}`:`—`},{label:P(`devices.columns.last_event`),render:e=>{let t=sr({device_id:e.id});return v`<a class="device-log" href=${t} title=${String(e.last_event??``)}
        @click=${e=>lr(e,t)}>${ar(e.last_event)}</a>`}}],br=e=>[{key:`name`,label:P(`rules.fields.name`),type:`text`,required:!0},{key:`enabled`,label:P(`rules.fields.enabled`),type:`bool`},{key:`device_ids`,label:P(`rules.fields.readers`),type:`multi`,options:ur(e.devices)},{key:`user_ids`,label:P(`rules.fields.users`),type:`multi`,options:ur(e.users)},{key:`schedule`,label:P(`rules.fields.schedule`),type:`schedule`},{key:`script_entity_id`,label:P(`rules.fields.script`),type:`entity`,domains:[`script`]},{key:`duress_script_entity_id`,label:P(`rules.fields.duress_script`),type:`entity`,domains:[`script`]},{key:`held_open_threshold_sec`,label:P(`rules.fields.held_open`),type:`number`,min:5,max:86400,help:P(`rules.fields.held_open_help`)}];function xr(e){return e?.length?e.map(e=>`${e.days.map(e=>Gt(e)).join(` `)} ${e.start}–${e.end}`).join(`; `):P(`common.always`)}var Sr=e=>[{label:P(`rules.columns.name`),render:e=>e.name},{label:P(`rules.columns.enabled`),render:e=>dr(e.enabled)},{label:P(`rules.columns.readers`),render:t=>t.device_ids.map(t=>e.devices.find(e=>e.id===t)?.name??t).join(`, `)||`—`},{label:P(`rules.columns.users`),render:t=>t.user_ids.map(t=>e.users.find(e=>e.id===t)?.name??t).join(`, `)||`—`},{label:P(`rules.columns.schedule`),render:e=>xr(e.schedule)}];function H(e,t,n,r){var i=arguments.length,a=i<3?t:r===null?r=Object.getOwnPropertyDescriptor(t,n):r,o;if(typeof Reflect==`object`&&typeof Reflect.decorate==`function`)a=Reflect.decorate(e,t,n,r);else for(var s=e.length-1;s>=0;s--)(o=e[s])&&(a=(i<3?o(a):i>3?o(t,n,a):o(t,n))||a);return i>3&&a&&Object.defineProperty(t,n,a),a}var Cr,wr=44,Tr=124,Er=8,U=class extends C{constructor(...e){super(...e),this.rows=[],this.narrow=!1,this.timeZone=`UTC`,this.loading=!1,this.complete=!1,this.bands=z,this._first=0,this._count=40,this._raf=0,this._timeCache=/* @__PURE__ */ new Map,this._tzKey=``,this._topId=null,this._onScroll=()=>{this._raf||=requestAnimationFrame(()=>{this._raf=0,this._measure()})}}connectedCallback(){super.connectedCallback(),this.addEventListener(`scroll`,this._onScroll,{passive:!0})}disconnectedCallback(){super.disconnectedCallback(),this.removeEventListener(`scroll`,this._onScroll),this._observer?.disconnect(),this._observer=void 0,cancelAnimationFrame(this._raf)}get _itemHeight(){return this.narrow?Tr:wr}_measure(){let e=this._itemHeight,t=Math.max(0,this.scrollTop-(this.narrow?8:wr)),n=Math.max(0,Math.floor(t/e)-Er),r=Math.ceil((this.clientHeight||800)/e)+16;(n!==this._first||r!==this._count)&&(this._first=n,this._count=r),this._checkMore()}_checkMore(){this.scrollHeight-this.scrollTop-this.clientHeight<1200&&this._needMore()}willUpdate(e){if(e.has(`rows`)){let e=this.rows[0]?.id??null;if(this._topId!==null&&e!==null&&e>this._topId&&this.scrollTop>0){let e=this.rows.findIndex(e=>e.id===this._topId);e>0&&(this.scrollTop+=e*this._itemHeight)}this._topId=e}let t=`${this.timeZone}|${this.locale??``}`;t!==this._tzKey&&(this._tzKey=t,this._timeCache.clear())}updated(e){if(e.has(`rows`)&&this.rows.length&&!e.get(`rows`)?.length&&performance.mark(`gem-access:rows-rendered`),e.has(`narrow`)&&this._measure(),!this._observer){let e=this.renderRoot.querySelector(`.footer`);e&&(this._observer=new IntersectionObserver(e=>{e.some(e=>e.isIntersecting)&&this._needMore()},{root:this,rootMargin:`0px 0px 800px 0px`}),this._observer.observe(e))}(e.has(`rows`)||e.has(`loading`))&&!this.loading&&!this.complete&&this._checkMore()}_needMore(){this.loading||this.complete||!this.rows.length||this.dispatchEvent(new CustomEvent(`load-more`,{bubbles:!0,composed:!0}))}resetScroll(){this.scrollTop=0,this._first=0}_time(e){let t=this._timeCache.get(e.id);return t===void 0&&(t=cn(e.timestamp,this.timeZone,this.locale),this._timeCache.set(e.id,t)),t}_open(e){this.dispatchEvent(new CustomEvent(`open-snapshot`,{detail:{row:e},bubbles:!0,composed:!0}))}_camera(e){let t=e.has_snapshot?P(`log.grid.media`,{id:e.id}):P(`log.grid.media_none`,{id:e.id});return v`<button
      class="cam ${e.has_snapshot?`stored`:`none`}"
      title=${t}
      aria-label=${t}
      data-log-id=${e.id}
      data-has-snapshot=${e.has_snapshot?`true`:`false`}
      @click=${()=>this._open(e)}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path
          d="M4,4H7L9,2H15L17,4H20A2,2 0 0,1 22,6V18A2,2 0 0,1 20,20H4A2,2 0 0,1 2,18V6A2,2 0 0,1 4,4M12,7A5,5 0 0,0 7,12A5,5 0 0,0 12,17A5,5 0 0,0 17,12A5,5 0 0,0 12,7M12,9A3,3 0 0,1 15,12A3,3 0 0,1 12,15A3,3 0 0,1 9,12A3,3 0 0,1 12,9Z"
        />
      </svg>
    </button>`}_row(e){let t=e.user_name??(e.user_id?e.user_id:`—`),n=e.device_name??e.device_id??e.door_name??`—`;return v`<div class="row" role="row" data-id=${e.id}>
      <span class="id" role="cell">${e.id}</span>
      <span role="cell" class="ts">${this._time(e)}</span>
      <span role="cell" class="user" title=${t}>${t}</span>
      <span role="cell" class="device" title=${n}>${n}</span>
      <span role="cell">${kn(e.access_type)}</span>
      <span role="cell" class="result">${R(Sn(e))}</span>
      <span role="cell" class="action" title=${e.action_details??``}>${e.action_details??`—`}</span>
      <span role="cell" class="reason" title=${e.reason??``}>${An(e.reason,e.access_type)}</span>
      <span role="cell" class="match">${R(Dn(e,this.bands))}</span>
      <span role="cell" class="camcell">${this._camera(e)}</span>
    </div>`}_card(e){let t=e.user_name??(e.user_id?e.user_id:`—`),n=e.device_name??e.device_id??e.door_name??`—`;return v`<div class="rowcard card" data-id=${e.id}>
      <span class="line who user">${t}</span>
      <span class="right result">${R(Sn(e))}</span>
      <span class="line device">${n} · ${kn(e.access_type)}</span>
      <span class="right match"><span class="k">${P(`log.grid.match`)}</span> ${R(Dn(e,this.bands))}</span>
      <span class="line small">${An(e.reason,e.access_type)}${e.action_details?v` · <span class="action">${e.action_details}</span>`:b}</span>
      <span class="right" style="grid-row: span 2">${this._camera(e)}</span>
      <span class="line small ts">#${e.id} · ${this._time(e)}</span>
    </div>`}render(){let e=this._itemHeight,t=this.rows.length,n=Math.min(this._first,Math.max(0,t-1)),r=Math.min(t,n+this._count),i=this.rows.slice(n,r),a=n*e,o=(t-r)*e,s=v`<div class="footer" role="status">
      ${this.loading?P(`common.loading`):this.complete&&t?F(`log.grid.total`,t):``}
    </div>`;return this.narrow?v`<div class="cards" role="list" aria-label=${P(`log.grid.label`)}>
          <div class="spacer" style="height:${a}px"></div>
          ${i.map(e=>this._card(e))}
          <div class="spacer" style="height:${o}px"></div>
        </div>
        ${s}`:v`<div class="table" role="table" aria-label=${P(`log.grid.label`)} aria-rowcount=${t}>
        <div class="row head" role="row">
          <span role="columnheader">${P(`log.grid.id`)}</span>
          <span role="columnheader">${P(`log.grid.timestamp`)}</span>
          <span role="columnheader">${P(`log.grid.user`)}</span>
          <span role="columnheader">${P(`log.grid.device`)}</span>
          <span role="columnheader">${P(`log.grid.type`)}</span>
          <span role="columnheader">${P(`log.grid.result`)}</span>
          <span role="columnheader">${P(`log.grid.action`)}</span>
          <span role="columnheader">${P(`log.grid.reason`)}</span>
          <span role="columnheader">${P(`log.grid.match`)}</span>
          <span role="columnheader"><span class="sr-only">${P(`log.grid.image`)}</span></span>
        </div>
        <div class="body" role="rowgroup">
          <div class="spacer" style="height:${a}px"></div>
          ${i.map(e=>this._row(e))}
          <div class="spacer" style="height:${o}px"></div>
        </div>
      </div>
      ${s}`}};Cr=U,Cr.styles=[O,o`
      :host {
        display: block;
        overflow: auto;
        position: relative;
        contain: strict;
        -webkit-overflow-scrolling: touch;
      }
      .table {
        min-width: 900px;
      }
      .row {
        display: grid;
        grid-template-columns:
          52px 200px minmax(80px, 1fr) minmax(90px, 1fr) 48px 112px minmax(90px, 1.3fr)
          minmax(90px, 1fr) 76px 44px;
        align-items: center;
        height: ${wr}px;
        border-bottom: 1px solid var(--ga-border);
        font-size: 14px;
        padding: 0 8px;
      }
      .row > * {
        padding: 0 6px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .head {
        position: sticky;
        top: 0;
        z-index: 1;
        background: var(--table-header-background-color, var(--ga-surface));
        color: var(--ga-muted);
        font-weight: 500;
        font-size: 12px;
        text-transform: uppercase;
        letter-spacing: 0.03em;
      }
      .body .row:hover {
        background: var(--table-row-alternative-background-color, rgba(127, 127, 127, 0.06));
      }
      .id {
        font-variant-numeric: tabular-nums;
        color: var(--ga-muted);
      }
      .row > .camcell {
        padding: 0;
      }
      .cam {
        padding: 0;
        min-height: 32px;
        width: 36px;
        justify-content: center;
        border-color: transparent;
        background: transparent;
      }
      .cam svg {
        width: 20px;
        height: 20px;
        fill: var(--ga-muted);
      }
      .cam.stored svg {
        fill: var(--primary-color);
      }
      /* nothing stored: still clickable (the NVR recording or the camera may have a picture), but dim */
      .cam.none svg {
        opacity: 0.35;
      }
      .cam:hover svg {
        fill: var(--primary-color);
        opacity: 1;
      }
      .cards {
        padding: 8px;
      }
      .rowcard {
        height: ${116}px;
        margin-bottom: 8px;
        padding: 10px 12px;
        display: grid;
        grid-template-columns: 1fr auto;
        grid-template-rows: auto auto auto auto;
        gap: 2px 8px;
        font-size: 14px;
        overflow: hidden;
      }
      .rowcard .line {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .rowcard .who {
        font-weight: 500;
      }
      .rowcard .right {
        justify-self: end;
      }
      .rowcard .match .k {
        font-size: 12px;
        color: var(--ga-muted);
      }
      .rowcard .small {
        font-size: 12px;
        color: var(--ga-muted);
      }
      .spacer {
        width: 1px;
      }
      .footer {
        padding: 16px;
        text-align: center;
        color: var(--ga-muted);
        font-size: 13px;
        min-height: 48px;
      }
      .new {
        animation: flash 1.2s ease-out;
      }
      @keyframes flash {
        from {
          background: rgba(var(--rgb-primary-color, 3, 169, 244), 0.25);
        }
        to {
          background: transparent;
        }
      }
    `],H([w({attribute:!1})],U.prototype,`rows`,void 0),H([w({type:Boolean,reflect:!0})],U.prototype,`narrow`,void 0),H([w()],U.prototype,`timeZone`,void 0),H([w()],U.prototype,`locale`,void 0),H([w({type:Boolean})],U.prototype,`loading`,void 0),H([w({type:Boolean})],U.prototype,`complete`,void 0),H([w({attribute:!1})],U.prototype,`bands`,void 0),H([T()],U.prototype,`_first`,void 0),H([T()],U.prototype,`_count`,void 0),D(`gem-access-log-grid`,U);var Dr,Or=e=>e===`stored`||e===`recording`||e===`live`?P(`snapshot.source.${e}`):e,W=class extends C{constructor(...e){super(...e),this.timeZone=`UTC`,this.bands=z,this._scoring=!1,this._scoreError=``,this._loading=!1,this._error=``,this._playClip=!1,this._clipError=!1,this._gen=0,this._onClose=()=>{this._gen++,this._release(),this._row=void 0,this._snap=void 0},this._showClip=()=>{this._clipError=!1,this._playClip=!0},this._showStill=()=>{this._clipError=!1,this._playClip=!1}}async open(e){let t=++this._gen;this._release(),this._row=e,this._snap=void 0,this._error=``,this._playClip=!1,this._clipError=!1,this._loading=!0,await this.updateComplete,this._dialog?.open||this._dialog?.showModal(),On(e)&&e.user_id&&ft(this.hass,e.user_id).then(e=>{t===this._gen?this._photo=e:e&&URL.revokeObjectURL(e)}).catch(()=>{t===this._gen&&(this._photo=null)});try{let n=await $e(this.hass,e.id);if(t!==this._gen)return;!n||!(n.url||n.data_uri)?this._error=P(`snapshot.no_snapshot`):this._snap=n}catch(e){if(t!==this._gen)return;let n=e?.code;this._error=!n||n===`unknown_command`||n===`not_found`||n===`no_snapshot`?P(`snapshot.no_snapshot`):P(`snapshot.no_snapshot_detail`,{error:k(e)})}finally{t===this._gen&&(this._loading=!1)}}rowUpdated(e){if(!this._row)return;let t=e.find(e=>e.id===this._row.id);t&&t!==this._row&&(this._row=t)}close(){this._dialog?.close()}_release(){this._photo&&URL.revokeObjectURL(this._photo),this._photo=void 0}disconnectedCallback(){super.disconnectedCallback(),this._release()}_media(){if(this._loading)return v`<div class="placeholder" role="status">${P(`common.loading`)}</div>`;if(this._error||!this._snap)return v`<div class="placeholder err" id="snapshot-error" role="alert">${this._error||P(`snapshot.no_snapshot`)}</div>`;let e=this._snap;if(this._playClip&&e.clip_url)return v`<video
        id="snapshot-video"
        src=${e.clip_url}
        autoplay
        controls
        playsinline
        @error=${()=>this._clipError=!0}
      ></video>`;let t=e.url||e.data_uri||``;return Mn(t,e.mime,e.kind)?v`<video id="snapshot-video" src=${t} autoplay controls muted playsinline></video>`:v`<img id="snapshot-image" src=${t} alt=${P(`snapshot.image_alt`,{id:this._row?.id??``})} />`}_clipActions(){return!this._snap?.clip_url||this._loading?b:this._clipError?v`<div class="clip-actions">
        <span class="err" id="snapshot-clip-error" role="alert">${P(`snapshot.clip_error`)}</span>
        <button id="snapshot-show-still" @click=${this._showStill}>${P(`snapshot.show_still`)}</button>
      </div>`:v`<div class="clip-actions">
      ${this._playClip?v`<button id="snapshot-show-still" @click=${this._showStill}>${P(`snapshot.show_still`)}</button>`:v`<button id="snapshot-play-clip" @click=${this._showClip}>${P(`snapshot.play_clip`)}</button>`}
    </div>`}_caption(){let e=this._snap;return!e||this._loading?b:v`<figcaption id="snapshot-source" data-source=${e.source}>
      ${e.camera_name?v`<span class="camera">${e.camera_name}</span> · `:b}<span
        class="source ${e.source}"
        >${Or(e.source)}</span
      >
    </figcaption>`}_scoreAction(e){return!e.user_id||![`pending`,`no_face`,`error`].includes(String(e.match_status))?b:v`<div class="clip-actions">
      <button id="score-now" ?disabled=${this._scoring} @click=${()=>this._scoreNow(e)}>
        ${this._scoring?P(`snapshot.scoring`):P(`snapshot.score_now`)}
      </button>
      ${this._scoreError?v`<span class="err" role="alert" id="score-error">${this._scoreError}</span>`:b}
    </div>`}async _scoreNow(e){this._scoring=!0,this._scoreError=``;try{let t=await it(this.hass,e.id);this._row?.id===t.id&&(this._row=t)}catch(e){this._scoreError=k(e)}finally{this._scoring=!1}}render(){let e=this._row,t=!!e&&On(e);return v`<dialog @close=${this._onClose} aria-labelledby="snap-title">
      ${e?v`<div class="dlg-head">
              <h2 id="snap-title">${P(`snapshot.title`,{id:e.id})}</h2>
              <button class="flat" aria-label=${P(`common.close`)} @click=${this.close}>✕</button>
            </div>
            <div class="dlg-body">
              <div class="meta">
                <span>${cn(e.timestamp,this.timeZone,this.hass?.locale?.language)}</span>
                <span>${e.user_name??`—`}</span>
                <span>${e.device_name??e.device_id??``}</span>
                ${R(Sn(e))}
              </div>
              <div class="media ${t?`compare`:``}">
                ${t?v`<figure id="compare-photo">
                      <figcaption>${P(`snapshot.profile_photo`)}</figcaption>
                      ${this._photo?v`<img src=${this._photo} alt=${P(`snapshot.profile_photo_of`,{name:e.user_name??``})} />`:v`<div class="placeholder">
                            ${this._photo===null?P(`snapshot.no_profile_photo`):P(`common.loading`)}
                          </div>`}
                    </figure>`:b}
                <figure id="compare-snapshot">
                  ${t?v`<figcaption>${P(`snapshot.event_snapshot`)}</figcaption>`:b} ${this._caption()}
                  ${this._media()} ${this._clipActions()}
                </figure>
              </div>
              ${t?v`<div class="score" id="compare-score">
                    ${P(`snapshot.match_score`)} ${R(Dn(e,this.bands))}
                    <span class="band"
                      >${P(`snapshot.advisory`,{band:Tn(e.match_score,this.bands)})}</span
                    >
                  </div>`:b}
              ${this._scoreAction(e)}
            </div>`:b}
    </dialog>`}};Dr=W,Dr.styles=[O,o`
      .media {
        display: grid;
        gap: 16px;
        grid-template-columns: 1fr;
      }
      .media.compare {
        grid-template-columns: 1fr 1fr;
      }
      figure {
        margin: 0;
        display: flex;
        flex-direction: column;
        gap: 6px;
        min-width: 0;
      }
      figcaption {
        font-size: 13px;
        color: var(--ga-muted);
      }
      img,
      video {
        width: 100%;
        max-height: 60vh;
        object-fit: contain;
        background: #000;
        border-radius: 8px;
      }
      .placeholder {
        aspect-ratio: 4 / 3;
        display: flex;
        align-items: center;
        justify-content: center;
        text-align: center;
        padding: 16px;
        border-radius: 8px;
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
        color: var(--ga-muted);
      }
      .placeholder.err {
        color: var(--ga-error);
      }
      .meta {
        display: flex;
        gap: 8px 16px;
        flex-wrap: wrap;
        font-size: 14px;
        margin-bottom: 12px;
        align-items: center;
      }
      .score {
        margin-top: 12px;
        display: flex;
        align-items: center;
        gap: 8px;
        justify-content: center;
        font-size: 15px;
      }
      .camera {
        font-weight: 500;
      }
      .source.live {
        color: var(--ga-warning);
      }
      .clip-actions {
        display: flex;
        gap: 8px;
        align-items: center;
        font-size: 13px;
      }
      .clip-actions .err {
        color: var(--ga-error);
      }
      @media (max-width: 600px) {
        .media.compare {
          grid-template-columns: 1fr 1fr;
          gap: 8px;
        }
      }
    `],H([w({attribute:!1})],W.prototype,`hass`,void 0),H([w()],W.prototype,`timeZone`,void 0),H([w({attribute:!1})],W.prototype,`bands`,void 0),H([T()],W.prototype,`_scoring`,void 0),H([T()],W.prototype,`_scoreError`,void 0),H([T()],W.prototype,`_row`,void 0),H([T()],W.prototype,`_snap`,void 0),H([T()],W.prototype,`_loading`,void 0),H([T()],W.prototype,`_error`,void 0),H([T()],W.prototype,`_photo`,void 0),H([T()],W.prototype,`_playClip`,void 0),H([T()],W.prototype,`_clipError`,void 0),H([E(`dialog`)],W.prototype,`_dialog`,void 0),D(`gem-access-snapshot-dialog`,W);var kr,Ar=864e5;function jr(e,t=/* @__PURE__ */ new Date){return/* @__PURE__ */ new Date(t.getTime()-e*Ar)}function Mr(e,t,n=/* @__PURE__ */ new Date){return Je(e,{end:jr(t,n).toISOString()})}var G=class extends C{constructor(...e){super(...e),this._days=`90`,this._counting=!1,this._busy=!1,this._error=``,this._gen=0}async open(){this._done=void 0,this._error=``,this._count=void 0;try{let e=await ot(this.hass);e.retention_days&&(this._days=String(e.retention_days))}catch{}await this.updateComplete,this._dialog?.showModal(),this._recount()}get _validDays(){if(!/^\d{1,5}$/.test(this._days.trim()))return null;let e=Number(this._days);return e<=36500?e:null}_recount(){window.clearTimeout(this._timer);let e=this._validDays;this._count=void 0,this._error=``;let t=++this._gen;e===null?this._counting=!1:(this._counting=!0,this._timer=window.setTimeout(async()=>{try{let n=await Mr(this.hass,e);t===this._gen&&(this._count=n)}catch(e){t===this._gen&&(this._error=k(e))}finally{t===this._gen&&(this._counting=!1)}},250))}async _confirm(){let e=this._validDays;if(e!==null){this._busy=!0,this._error=``;try{let t=await Qe(this.hass,e);this._done=t.deleted,this.dispatchEvent(new CustomEvent(`deleted`,{detail:t}))}catch(e){this._error=k(e)}finally{this._busy=!1}}}_countText(){if(this._validDays===null)return v`<span class="error-text">${P(`delete_logs.invalid_days`)}</span>`;if(this._counting)return v`<span class="muted">${P(`delete_logs.counting`)}</span>`;if(this._count===void 0)return b;let e=this._count,t=Number(this._days),n=t===0?P(`delete_logs.everything`):F(`delete_logs.older_than`,t);return kt(Et(`delete_logs.will_delete`,e),{count:v`<strong id="delete-count" data-count=${e}>${e.toLocaleString()}</strong>`,older:n})}render(){let e=this._count===0;return v`<dialog aria-labelledby="del-title" @close=${()=>this._gen++}>
      <div class="dlg-head"><h2 id="del-title">${P(`delete_logs.title`)}</h2></div>
      <div class="dlg-body">
        ${this._done===void 0?v`<label class="field"
                >${P(`delete_logs.days_to_keep`)}
                <input
                  id="keep-days"
                  type="number"
                  min="0"
                  max="36500"
                  step="1"
                  inputmode="numeric"
                  .value=${this._days}
                  @input=${e=>{this._days=e.target.value,this._recount()}}
                />
              </label>
              <div class="count" role="status">${this._countText()}</div>
              <div class="warn">
                <strong>${P(`delete_logs.cannot_undo`)}</strong> ${P(`delete_logs.warning`)}
              </div>`:v`<p id="delete-result" role="status">
              ${F(`delete_logs.deleted`,this._done,{count:this._done.toLocaleString()})}
            </p>`}
        ${this._error?v`<div class="banner-error">${this._error}</div>`:b}
      </div>
      <div class="dlg-actions">
        ${this._done===void 0?v`<button @click=${()=>this._dialog?.close()}>${P(`common.cancel`)}</button>
              <button
                id="confirm-delete"
                class="danger"
                ?disabled=${this._busy||this._validDays===null||this._counting||!!e}
                @click=${this._confirm}
              >
                ${this._busy?P(`delete_logs.deleting`):P(`common.delete`)}
              </button>`:v`<button class="primary" @click=${()=>this._dialog?.close()}>${P(`common.close`)}</button>`}
      </div>
    </dialog>`}};kr=G,kr.styles=[O,o`
      dialog {
        max-width: 480px;
      }
      .warn {
        border-left: 4px solid var(--ga-error);
        padding: 8px 12px;
        margin: 12px 0;
        background: rgba(var(--rgb-error-color, 219, 68, 55), 0.08);
      }
      .count {
        font-size: 15px;
        margin-top: 12px;
      }
      input {
        width: 140px;
      }
    `],H([w({attribute:!1})],G.prototype,`hass`,void 0),H([T()],G.prototype,`_days`,void 0),H([T()],G.prototype,`_count`,void 0),H([T()],G.prototype,`_counting`,void 0),H([T()],G.prototype,`_busy`,void 0),H([T()],G.prototype,`_error`,void 0),H([T()],G.prototype,`_done`,void 0),H([E(`dialog`)],G.prototype,`_dialog`,void 0),D(`gem-access-delete-dialog`,G);var Nr,Pr=[{key:`total`,filter:{range:`1`}},{key:`granted`,filter:{range:`1`,result:`granted`}},{key:`denied`,filter:{range:`1`,result:`denied`},alarm:!0},{key:`forced`,filter:{range:`1`,result:`forced`},alarm:!0},{key:`held_open`,filter:{range:`1`,result:`held_open`},alarm:!0}],K=class extends C{constructor(...e){super(...e),this.choices={users:[],devices:[],doors:[]},this.ready=!1,this._flags=[],this._rawFlags=[],this._failed=!1,this._started=!1}willUpdate(e){(e.has(`hass`)||e.has(`ready`))&&this.hass&&this.ready&&!this._started&&(this._started=!0,this.refresh()),(e.has(`choices`)||e.has(`_rawFlags`))&&(this._flags=nr(this._rawFlags,this.choices,this.hass?.config?.time_zone||`UTC`))}async refresh(){let e=ir(this.hass?.config?.time_zone||`UTC`),[t,n]=await Promise.allSettled([Ye(this.hass,e,`hour`),Xe(this.hass,e)]);this._failed=t.status===`rejected`&&n.status===`rejected`,t.status===`fulfilled`&&(this._counts=zn(t.value.totals)),n.status===`fulfilled`&&(this._rawFlags=n.value)}scheduleRefresh(){this._soon===void 0&&this.isConnected&&(this._soon=setTimeout(()=>{this._soon=void 0,this.isConnected&&this.refresh()},1e4))}disconnectedCallback(){super.disconnectedCallback(),clearTimeout(this._soon),this._soon=void 0}_apply(e){this.dispatchEvent(new CustomEvent(`apply-filters`,{detail:e}))}render(){if(this._failed||!this._counts)return b;let e=this._counts;return v`<div class="strip card" role="region" aria-label=${P(`review.label`)}>
      <span class="title">${P(`review.title`)}</span>
      ${Pr.map(({key:t,filter:n,alarm:r})=>{let i=t===`total`?Bn(e):e[t];return r&&!i&&t!==`denied`?b:v`<button class="num ${r?`alarm`:``} ${i?`hot`:``}" data-num=${t}
          title=${P(`review.show_in_grid`)} @click=${()=>this._apply(n)}><b>${i}</b> ${P(`review.numbers.${t}`)}</button>`})}
      <span class="sep"></span>
      ${this._flags.length?this._flags.map(e=>v`<button class="flag" data-kind=${e.flag.kind} title=${P(`review.show_flag_rows`)}
              @click=${()=>this._apply(e.filters)}>
              ${e.label}${e.subject?v`: ${e.subject}`:b} (${e.flag.count})
            </button>`):v`<span class="ok" id="no-flags">${P(`review.no_flags`)}</span>`}
    </div>`}};Nr=K,Nr.styles=[O,o`
      :host {
        display: block;
      }
      .strip {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 10px;
        padding: 8px 12px;
      }
      .title {
        font-weight: 500;
        font-size: 14px;
        margin-right: 4px;
      }
      button {
        min-height: 28px;
        padding: 2px 10px;
        font-weight: 400;
        font-size: 13px;
        border-radius: 14px;
      }
      .num b {
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .num.alarm.hot {
        color: var(--ga-error);
        border-color: var(--ga-error);
      }
      .flag {
        color: var(--ga-error);
        border-color: var(--ga-error);
      }
      .flag::before {
        content: "⚑";
      }
      .sep {
        width: 1px;
        align-self: stretch;
        background: var(--ga-border);
      }
      .ok {
        color: var(--ga-success);
        font-size: 13px;
      }
    `],H([w({attribute:!1})],K.prototype,`hass`,void 0),H([w({attribute:!1})],K.prototype,`choices`,void 0),H([w({type:Boolean})],K.prototype,`ready`,void 0),H([T()],K.prototype,`_counts`,void 0),H([T()],K.prototype,`_flags`,void 0),H([T()],K.prototype,`_rawFlags`,void 0),H([T()],K.prototype,`_failed`,void 0),D(`gem-access-review-strip`,K);var Fr;function Ir(e,t){if(!t.length)return e;let n=new Set(e.map(e=>e.id)),r=t.filter(e=>!n.has(e.id));if(!r.length)return e;let i=r.concat(e);return i.sort((e,t)=>t.id-e.id),i}var q=class extends C{constructor(...e){super(...e),this.narrow=!1,this._filters={},this._rows=[],this._next=null,this._loading=!1,this._error=``,this._choices={users:[],devices:[],doors:[]},this._filtersOpen=!1,this._exporting=!1,this._live=!1,this._firstPage=!1,this._bands=z,this._gen=0,this._started=!1,this._query={}}connectedCallback(){super.connectedCallback(),performance.mark(`gem-access:log-connected`),this._filters=pn(window.location.search),this.hass&&this._start()}disconnectedCallback(){super.disconnectedCallback(),this._stopLive(),this._started=!1}willUpdate(e){e.has(`hass`)&&this.hass&&!this._started&&this.isConnected&&this._start()}get _tz(){return this.hass?.config?.time_zone||`UTC`}_start(){this._started=!0,Ze(this.hass).then(e=>this._choices=e).catch(()=>void 0),ot(this.hass).then(e=>this._bands=Cn(e)).catch(()=>void 0),this._reload()}_stopLive(){let e=this._unsub;this._unsub=void 0,this._live=!1,e?.then(e=>e?.()).catch(()=>void 0)}async _reload(){let e=++this._gen;this._stopLive(),this._rows=[],this._next=null,this._error=``,this._loading=!0,this._grid?.resetScroll();let t=vn(this._filters,this._tz);this._query=t;let n=[],r=t=>{e===this._gen&&(n?n.push(t):this._apply([t]))};this._unsub=qe(this.hass,t,r).then(t=>{if(e!==this._gen)t();else return this._live=!0,t},()=>void 0),await this._unsub;try{let n=await Ke(this.hass,t);if(e!==this._gen)return;this._rows=n.rows,this._next=n.next_before_id}catch(t){if(e!==this._gen)return;this._error=k(t)}finally{e===this._gen&&(this._loading=!1),this._firstPage||requestAnimationFrame(()=>setTimeout(()=>this._firstPage=!0,0))}let i=n;n=null,i?.length&&this._apply(i)}_apply(e){let t=this._rows,n=[];for(let r of e)if(r.type===`added`)n.push(r.row);else if(r.type===`updated`){let e=t.findIndex(e=>e.id===r.row.id);e>=0&&(t===this._rows&&(t=t.slice()),t[e]=r.row)}t=Ir(t,n),n.length&&this._strip?.scheduleRefresh(),t!==this._rows&&(this._rows=t,this._snapshot?.rowUpdated(t))}async _loadMore(){if(this._loading||this._next==null)return;let e=this._gen,t=this._next;this._loading=!0;try{let n=await Ke(this.hass,this._query,t,100);if(e!==this._gen)return;let r=new Set(this._rows.map(e=>e.id));this._rows=this._rows.concat(n.rows.filter(e=>!r.has(e.id))),this._next=n.next_before_id}catch(t){e===this._gen&&(this._error=k(t))}finally{e===this._gen&&(this._loading=!1)}}_setFilters(e){this._filters=e;let t=`${window.location.pathname}${hn(e)}${window.location.hash}`;window.history.replaceState(window.history.state,``,t),this._reload()}_change(e,t){let n={...this._filters};t?n[e]=t:delete n[e],e===`start`&&delete n.range,this._setFilters(n)}_quick(e){let t={...this._filters};t.range===e?delete t.range:t.range=e,delete t.start,this._setFilters(t)}_clear(){this._setFilters({})}async _export(){this._exporting=!0;try{let e=await ct(this.hass,bn(vn(this._filters,this._tz))),t=document.createElement(`a`);t.href=e,t.download=``,t.rel=`noopener`,t.style.display=`none`,this.renderRoot.appendChild(t),t.click(),t.remove()}catch(e){this._error=P(`log.export_failed`,{error:k(e)})}finally{this._exporting=!1}}_choiceOptions(e,t){let n=e.some(e=>e.id===t);return v`${e.map(e=>v`<option value=${e.id} ?selected=${e.id===t}>
          ${e.deleted?P(`log.filters.deleted`,{name:e.name}):e.name}
        </option>`)}${t&&!n?v`<option value=${t} selected>${t}</option>`:b}`}_renderFilters(){let e=this._filters,t=e.range?_n(e.range,/* @__PURE__ */ new Date,this._tz):e.start??``;return v`<div class="filters card" role="search" aria-label=${P(`log.filters.label`)}>
      <label class="field"
        >${P(`log.filters.user`)}
        <select id="f-user" @change=${e=>this._change(`user_id`,e.target.value)}>
          <option value="" ?selected=${!e.user_id}>${P(`log.filters.all_users`)}</option>
          ${this._choiceOptions(this._choices.users,e.user_id)}
        </select>
      </label>
      <label class="field"
        >${P(`log.filters.device`)}
        <select
          id="f-device"
          @change=${e=>this._change(`device_id`,e.target.value)}
        >
          <option value="" ?selected=${!e.device_id}>${P(`log.filters.all_devices`)}</option>
          ${this._choiceOptions(this._choices.devices,e.device_id)}
        </select>
      </label>
      <label class="field"
        >${P(`log.filters.type`)}
        <select
          id="f-type"
          @change=${e=>this._change(`access_type`,e.target.value)}
        >
          <option value="" ?selected=${!e.access_type}>${P(`log.filters.all_types`)}</option>
          ${un.map(t=>v`<option value=${t} ?selected=${e.access_type===t}>${P(`access_type.${t}`)}</option>`)}
        </select>
      </label>
      <label class="field"
        >${P(`log.filters.result`)}
        <select id="f-result" @change=${e=>this._change(`result`,e.target.value)}>
          <option value="" ?selected=${!e.result}>${P(`log.filters.all_results`)}</option>
          ${ln.map(t=>v`<option value=${t} ?selected=${e.result===t}>${P(`result.${t}`)}</option>`)}
        </select>
      </label>
      <label class="field"
        >${P(`log.filters.from`)}
        <input
          id="f-start"
          type="datetime-local"
          .value=${t}
          @change=${e=>this._change(`start`,e.target.value)}
        />
      </label>
      <label class="field"
        >${P(`log.filters.to`)}
        <input
          id="f-end"
          type="datetime-local"
          .value=${e.end??``}
          @change=${e=>this._change(`end`,e.target.value)}
        />
      </label>
      <div class="quick-wrap">
        <div class="field" style="display:flex;flex-direction:column;gap:4px">
          <span class="muted" style="font-size:12px">${P(`log.filters.quick_range`)}</span>
          <div class="quick" role="group" aria-label=${P(`common.quick_range`)}>
            ${dn.map(t=>v`<button
                class="toggle"
                data-range=${t}
                aria-pressed=${e.range===t?`true`:`false`}
                title=${t===`1`?P(`common.last_24_hours`):P(`common.last_days`,{days:t})}
                @click=${()=>this._quick(t)}
              >
                ${P(`common.range_button`,{days:t})}
              </button>`)}
          </div>
        </div>
        ${this._extraChips()}
        <button id="clear-filters" class="flat" ?disabled=${!xn(e)} @click=${this._clear}>
          ${P(`log.filters.clear`)}
        </button>
      </div>
    </div>`}_extraChips(){let e=this._filters,t=[];if(e.door_id){let n=this._choices.doors.find(t=>t.id===e.door_id)?.name??e.door_id;t.push([`door_id`,P(`log.filters.door_chip`,{name:n})])}return e.reason&&t.push([`reason`,P(`log.filters.reason_chip`,{reason:An(e.reason)})]),t.map(([e,t])=>v`<button class="flat" data-filter=${e} title=${P(`common.remove_filter`)} @click=${()=>this._change(e,``)}>
          ${t} ✕
        </button>`)}_renderEmpty(){let e=xn(this._filters);return v`<div class="empty" id="empty-state">
      <h3>${P(e?`log.empty.title_filtered`:`log.empty.title_none`)}</h3>
      <div class="muted">
        ${e?Ot(`log.empty.try_wider`,{clear:v`<button class="flat" @click=${this._clear}>${P(`log.filters.clear`)}</button>`}):P(`log.empty.appear_here`)}
      </div>
      <ul>
        <li>${P(`log.empty.tip_device`)}</li>
        <li>${P(`log.empty.tip_driver`)}</li>
        <li>
          ${Ot(`log.empty.tip_try`,{action:v`<code>gem_access.present_credential</code>`})}
        </li>
        <li>${P(`log.empty.tip_retention`)}</li>
        <li>${P(`log.empty.tip_range`)}</li>
      </ul>
    </div>`}render(){let e=!this.narrow||this._filtersOpen,t=!this._loading&&!this._rows.length&&!this._error;return v`
      <div class="toolbar">
        <h2>
          ${P(`log.title`)}
          <span class="live ${this._live?`on`:``}" title=${P(`log.live_title`)}
            >${this._live?P(`log.live`):P(`log.offline`)}</span
          >
        </h2>
        ${this.narrow?v`<button
              id="toggle-filters"
              aria-expanded=${this._filtersOpen?`true`:`false`}
              @click=${()=>this._filtersOpen=!this._filtersOpen}
            >
              ${P(`log.filters_button`)}${xn(this._filters)?` •`:``}
            </button>`:b}
        <button id="export-csv" ?disabled=${this._exporting} @click=${this._export}>
          ${this._exporting?P(`log.exporting`):P(`log.export`)}
        </button>
        <button id="delete-old" @click=${()=>this._delete?.open()}>${P(`log.delete_old`)}</button>
      </div>
      <gem-access-review-strip
        style="margin:12px 16px 0"
        .hass=${this.hass}
        .choices=${this._choices}
        .ready=${this._firstPage}
        @apply-filters=${e=>this._setFilters(e.detail)}
      ></gem-access-review-strip>
      ${e?this._renderFilters():b}
      ${this._error?v`<div class="banner-error" style="margin:8px 16px 0">${this._error}</div>`:b}
      <div class="grid-card card">
        ${t?this._renderEmpty():v`<gem-access-log-grid
              .rows=${this._rows}
              .narrow=${this.narrow}
              .timeZone=${this._tz}
              .locale=${this.hass?.locale?.language??this.hass?.language}
              .loading=${this._loading}
              .complete=${this._next==null}
              .bands=${this._bands}
              @load-more=${this._loadMore}
              @open-snapshot=${e=>this._snapshot?.open(e.detail.row)}
            ></gem-access-log-grid>`}
      </div>
      <gem-access-snapshot-dialog
        .hass=${this.hass}
        .timeZone=${this._tz}
        .bands=${this._bands}
      ></gem-access-snapshot-dialog>
      <gem-access-delete-dialog
        .hass=${this.hass}
        @deleted=${()=>{this._reload(),this._strip?.refresh()}}
      ></gem-access-delete-dialog>
    `}};Fr=q,Fr.styles=[O,o`
      :host {
        display: flex;
        flex-direction: column;
        height: 100%;
        min-height: 0;
      }
      .toolbar {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 12px 16px 0;
        flex-wrap: wrap;
      }
      .toolbar h2 {
        margin: 0;
        font-size: 20px;
        font-weight: 400;
        flex: 1;
        display: flex;
        align-items: center;
        gap: 10px;
      }
      .live {
        font-size: 12px;
        color: var(--ga-muted);
        display: inline-flex;
        align-items: center;
        gap: 4px;
      }
      .live::before {
        content: "";
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--ga-muted);
      }
      .live.on::before {
        background: var(--ga-success);
      }
      .filters {
        margin: 12px 16px 0;
        padding: 12px;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
        gap: 10px 12px;
        align-items: end;
      }
      .filters select,
      .filters input {
        width: 100%;
        min-width: 0;
      }
      .filters label {
        min-width: 0;
      }
      .quick {
        display: flex;
        gap: 4px;
        flex-wrap: wrap;
        align-items: center;
      }
      .quick button {
        min-width: 44px;
        justify-content: center;
      }
      .quick-wrap {
        grid-column: span 2;
        display: flex;
        gap: 8px;
        align-items: flex-end;
        flex-wrap: wrap;
        justify-content: space-between;
      }
      :host([narrow]) .quick-wrap {
        grid-column: 1 / -1;
      }
      :host([narrow]) .filters {
        grid-template-columns: repeat(2, minmax(0, 1fr));
        gap: 8px;
        margin: 8px 8px 0;
      }
      :host([narrow]) .toolbar {
        padding: 8px 8px 0;
      }
      :host([narrow]) .toolbar h2 {
        font-size: 18px;
        flex-basis: 100%;
      }
      .grid-card {
        flex: 1;
        min-height: 0;
        margin: 12px 16px 16px;
        display: flex;
        flex-direction: column;
        overflow: hidden;
        position: relative;
      }
      :host([narrow]) .grid-card {
        margin: 8px 0 0;
        border: none;
        border-radius: 0;
        background: transparent;
      }
      gem-access-log-grid {
        flex: 1;
        min-height: 0;
      }
      .empty {
        padding: 32px 24px;
        max-width: 640px;
        margin: 0 auto;
      }
      .empty h3 {
        margin: 0 0 8px;
        font-weight: 500;
      }
      .empty ul {
        margin: 8px 0 0;
        padding-left: 20px;
        color: var(--ga-muted);
        line-height: 1.6;
      }
      .count {
        font-size: 13px;
      }
    `],H([w({attribute:!1})],q.prototype,`hass`,void 0),H([w({type:Boolean,reflect:!0})],q.prototype,`narrow`,void 0),H([T()],q.prototype,`_filters`,void 0),H([T()],q.prototype,`_rows`,void 0),H([T()],q.prototype,`_next`,void 0),H([T()],q.prototype,`_loading`,void 0),H([T()],q.prototype,`_error`,void 0),H([T()],q.prototype,`_choices`,void 0),H([T()],q.prototype,`_filtersOpen`,void 0),H([T()],q.prototype,`_exporting`,void 0),H([T()],q.prototype,`_live`,void 0),H([T()],q.prototype,`_firstPage`,void 0),H([T()],q.prototype,`_bands`,void 0),H([E(`gem-access-log-grid`)],q.prototype,`_grid`,void 0),H([E(`gem-access-snapshot-dialog`)],q.prototype,`_snapshot`,void 0),H([E(`gem-access-delete-dialog`)],q.prototype,`_delete`,void 0),H([E(`gem-access-review-strip`)],q.prototype,`_strip`,void 0),D(`gem-access-log-view`,q);var Lr,Rr=240,zr,Br=()=>zr??=import(`./chunks/stacked-bars-BJRNs3sr.js`);function Vr(e,t,n){return getComputedStyle(e).getPropertyValue(t).trim()||n}function Hr(e,t,n,r){let i=t===`hour`?{timeZone:n,weekday:`short`,month:`short`,day:`numeric`,hour:`2-digit`,minute:`2-digit`}:{timeZone:n,weekday:t===`day`?`short`:void 0,year:`numeric`,month:`short`,day:`numeric`};try{return new Intl.DateTimeFormat(r||void 0,i).format(e)}catch{return e.toISOString()}}var J=class extends C{constructor(...e){super(...e),this.bucket=`day`,this.timeZone=`UTC`,this.dark=!1,this._hover=null,this._error=``,this._gen=0,this._cssAdopted=!1}connectedCallback(){super.connectedCallback(),this._resize=new ResizeObserver(()=>{let e=this._host?.clientWidth??0;this._chart&&e&&Math.abs(e-this._chart.width())>1&&this._chart.setSize(e,Rr)}),this._resize.observe(this)}disconnectedCallback(){super.disconnectedCallback(),this._resize?.disconnect(),this._chart?.destroy(),this._chart=void 0,this._gen++}updated(e){(e.has(`series`)||e.has(`dark`)||e.has(`bucket`)||e.has(`timeZone`))&&this._draw()}async _draw(){let e=++this._gen,t;try{t=await Br()}catch(e){this._error=P(`reports.chart.failed`,{error:String(e)});return}let n=this._host,r=this.series;e===this._gen&&n&&r&&(this._adoptCss(t.CHART_CSS),this._chart?.destroy(),this._chart=t.createStackedBars(n,{width:n.clientWidth||600,height:Rr,timeZone:this.timeZone,x:r.x,stacked:r.stacked,labels:B.map(e=>Nn(e)),colors:B.map(e=>Vr(this,...Pn[e])),axisColor:Vr(this,`--secondary-text-color`,this.dark?`#9e9e9e`:`#727272`),gridColor:Vr(this,`--divider-color`,`rgba(127,127,127,0.25)`),onHover:e=>this._hover=e,onClick:e=>this.dispatchEvent(new CustomEvent(`bucket-click`,{detail:{index:e},bubbles:!0,composed:!0}))}))}_adoptCss(e){if(this._cssAdopted||!this.shadowRoot)return;this._cssAdopted=!0;let t=a(e).styleSheet;if(t)this.shadowRoot.adoptedStyleSheets=[...this.shadowRoot.adoptedStyleSheets,t];else{let t=document.createElement(`style`);t.textContent=e,this.shadowRoot.appendChild(t)}}_legend(){let e=this.series,t=this._hover;if(!e)return v``;let n=e=>{let[t,n]=Pn[e];return v`<span class="sw" style="background: var(${t}, ${n})"></span>`};return t==null||t>=e.x.length?v`${B.map(e=>v`<span>${n(e)}${Nn(e)}</span>`)}
        <span>${P(`reports.chart.hint`)}</span>`:v`<span class="when">${Hr(/* @__PURE__ */ new Date(e.x[t]*1e3),this.bucket,this.timeZone,this.locale)}</span>
      ${B.map((r,i)=>v`<span>${n(r)}${Nn(r)} ${e.raw[i][t]}</span>`)}`}render(){return v`<div class="plot" role="img" aria-label=${P(`reports.chart.label`)}></div>
      <div class="legend">${this._error||this._legend()}</div>`}};Lr=J,Lr.styles=o`
    :host {
      display: block;
      position: relative;
    }
    .plot {
      width: 100%;
      min-height: ${Rr}px;
      cursor: pointer;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 14px;
      font-size: 12px;
      color: var(--secondary-text-color);
      min-height: 18px;
      align-items: center;
    }
    .legend .when {
      font-weight: 500;
      color: var(--primary-text-color);
    }
    .sw {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 2px;
      margin-right: 4px;
      vertical-align: -1px;
    }
  `,H([w({attribute:!1})],J.prototype,`series`,void 0),H([w()],J.prototype,`bucket`,void 0),H([w()],J.prototype,`timeZone`,void 0),H([w()],J.prototype,`locale`,void 0),H([w({type:Boolean})],J.prototype,`dark`,void 0),H([T()],J.prototype,`_hover`,void 0),H([T()],J.prototype,`_error`,void 0),H([E(`.plot`)],J.prototype,`_host`,void 0),D(`gem-access-timeline`,J);var Ur,Wr,Gr,Kr=new Intl.NumberFormat,qr=class extends C{constructor(...e){super(...e),this.cards=[]}_change(e){if(e.change===null)return v`<span class="sub">${P(`reports.cards.no_previous`)}</span>`;let t=e.change>0?`up`:e.change<0?`down`:`flat`,n=t===`up`?`▲`:t===`down`?`▼`:`=`;return v`<span class="sub ${t} ${e.riseIsBad?`bad`:`good`}" data-change=${e.change}
      >${n} ${P(`reports.cards.change`,{change:Math.abs(e.change)})}</span
    >`}render(){return v`${this.cards.map(e=>{let t=v`<span class="label">${e.label}</span>
        <span class="value">${Kr.format(e.value)}</span>
        ${e.share===null?b:v`<span class="sub">${P(`reports.cards.share`,{share:e.share})}</span>`}
        ${this._change(e)}`;return e.filter?v`<button class="tile" data-card=${e.key} title=${P(`reports.cards.show_in_log`)}
            @click=${()=>this.dispatchEvent(new CustomEvent(`drill`,{detail:e.filter}))}>${t}</button>`:v`<div class="tile" data-card=${e.key}>${t}</div>`})}`}};Ur=qr,Ur.styles=[O,o`
      :host {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
        gap: 12px;
      }
      .tile {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: 2px;
        padding: 12px 14px;
        min-height: 0;
        text-align: left;
        font-weight: 400;
        border-radius: var(--ga-radius);
        background: var(--ga-surface);
        border: 1px solid var(--ga-border);
      }
      .label {
        font-size: 13px;
        color: var(--ga-muted);
      }
      .value {
        font-size: 28px;
        line-height: 1.15;
      }
      .sub {
        font-size: 12px;
        color: var(--ga-muted);
      }
      .up.bad,
      .down.good {
        color: var(--ga-error);
      }
      .down.bad,
      .up.good {
        color: var(--ga-success);
      }
    `],H([w({attribute:!1})],qr.prototype,`cards`,void 0);var Jr=class extends C{constructor(...e){super(...e),this.data=[]}render(){let{cells:e,max:t}=Xn(this.data),n=e=>`${String(e).padStart(2,`0`)}:00`;return v`<table aria-label=${P(`reports.heatmap.label`)}>
      <thead>
        <tr>
          <th class="day"></th>
          ${Array.from({length:24},(e,t)=>v`<th scope="col">${t%3==0?t:``}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${e.map((e,t)=>v`<tr>
            <th class="day" scope="row">${P(`days.${Fn[t]}`)}</th>
            ${e.map(e=>v`<td
                class=${e.count?``:`zero`}
                style="--l:${(.15+.85*e.level).toFixed(3)}"
                data-count=${e.count}
                title=${F(`reports.heatmap.cell`,e.count,{day:P(`days.${Fn[t]}`),from:n(e.hour),to:n(e.hour+1)})}
              ></td>`)}
          </tr>`)}
      </tbody>
    </table>
    <div class="muted" style="font-size:12px;margin-top:4px">${F(`reports.heatmap.busiest`,t)}</div>`}};Wr=Jr,Wr.styles=[O,o`
      :host {
        display: block;
        overflow-x: auto;
      }
      table {
        border-collapse: separate;
        border-spacing: 2px;
        width: 100%;
        min-width: 560px;
        table-layout: fixed;
        font-size: 11px;
      }
      th {
        font-weight: 400;
        color: var(--ga-muted);
      }
      th.day {
        width: 36px;
        text-align: left;
      }
      td {
        height: 18px;
        border-radius: 3px;
        background: color-mix(in srgb, var(--primary-color) calc(var(--l) * 100%), var(--secondary-background-color, rgba(127, 127, 127, 0.1)));
      }
      td.zero {
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.1));
      }
    `],H([w({attribute:!1})],Jr.prototype,`data`,void 0);var Yr=class extends C{constructor(...e){super(...e),this.kind=`users`,this.heading=``,this.entries=[]}render(){let e=Math.max(1,...this.entries.map(e=>Bn(e.counts)));return v`<h3>${this.heading}</h3>
      ${this.entries.length?v`<ol>
            ${this.entries.map(t=>{let n=Bn(t.counts);return v`<li>
                <button
                  class="top"
                  data-id=${t.id}
                  title=${P(`reports.top.show_in_log`)}
                  @click=${()=>this.dispatchEvent(new CustomEvent(`pick`,{detail:{kind:this.kind,id:t.id},bubbles:!0}))}
                >
                  <span class="name">${rr(this.kind,t)}</span>
                  <span class="bar" style="width:${(n/e*100).toFixed(1)}%">
                    ${B.filter(e=>t.counts?.[e]).map(e=>{let[n,r]=Pn[e];return v`<span
                        style="flex:${t.counts[e]};background:var(${n}, ${r})"
                        title=${P(`reports.top.bar`,{result:Nn(e),count:t.counts[e]})}
                      ></span>`})}
                  </span>
                  <span class="n">${Kr.format(n)}</span>
                </button>
              </li>`})}
          </ol>`:v`<div class="muted">${P(`reports.top.nothing`)}</div>`}`}};Gr=Yr,Gr.styles=[O,o`
      :host {
        display: block;
      }
      h3 {
        margin: 0 0 8px;
        font-size: 15px;
        font-weight: 500;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      button {
        width: 100%;
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(0, 3fr) auto;
        gap: 8px;
        align-items: center;
        border: none;
        background: transparent;
        font-weight: 400;
        text-align: left;
        min-height: 30px;
        padding: 4px 6px;
      }
      .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .bar {
        display: flex;
        height: 10px;
        border-radius: 3px;
        overflow: hidden;
      }
      .n {
        font-variant-numeric: tabular-nums;
        color: var(--ga-muted);
        font-size: 13px;
      }
    `],H([w()],Yr.prototype,`kind`,void 0),H([w()],Yr.prototype,`heading`,void 0),H([w({attribute:!1})],Yr.prototype,`entries`,void 0),D(`gem-access-summary-cards`,qr),D(`gem-access-heatmap`,Jr),D(`gem-access-top-list`,Yr);var Xr,Zr=[`user_id`,`device_id`,`door_id`,`access_type`,`result`,`reason`,`start`,`end`],Y=class extends C{constructor(...e){super(...e),this.narrow=!1,this.base=`/gem-access`,this._filters={},this._bucket=`day`,this._error=``,this._loading=!1,this._choices={users:[],devices:[],doors:[]},this._gen=0,this._started=!1}connectedCallback(){super.connectedCallback(),this._filters=pn(window.location.search),Br().catch(()=>void 0),this.hass&&this._start()}disconnectedCallback(){super.disconnectedCallback(),this._started=!1,this._gen++}willUpdate(e){e.has(`hass`)&&this.hass&&!this._started&&this.isConnected&&this._start()}get _tz(){return this.hass?.config?.time_zone||`UTC`}_start(){this._started=!0,Ze(this.hass).then(e=>this._choices=e).catch(()=>void 0),this._load()}async _load(){let e=++this._gen,{query:t,bucket:n}=Un(this._filters,this._tz);this._loading=!0,this._error=``;try{let r=await Ye(this.hass,t,n);if(e!==this._gen)return;this._stats=r,this._bucket=n,this._series=qn(r)}catch(t){e===this._gen&&(this._error=k(t))}finally{e===this._gen&&(this._loading=!1)}}_setFilters(e){this._filters=e,cr(`${window.location.pathname}${hn(e)}`,!0),this._load()}_quick(e){let t={...this._filters,range:e};delete t.start,delete t.end,this._setFilters(t)}_remove(e){let t={...this._filters};delete t[e],this._setFilters(t)}_onBucket(e){this._series&&this._setFilters(Yn(this._filters,this._series.x,e.detail.index,this._bucket,this._tz))}_drill(e){cr(sr(Zn(this._filters,e),this.base))}_pick(e){let{kind:t,id:n}=e.detail,r=t===`users`?{user_id:n}:t===`devices`?{device_id:n}:{reason:n};this._drill(r)}_chipValue(e,t){let n=e=>e.find(e=>e.id===t)?.name??t;return e===`user_id`?n(this._choices.users):e===`device_id`?n(this._choices.devices):e===`door_id`?n(this._choices.doors):e===`reason`?An(t):t.replace(`T`,` `)}_chips(){let e=this._filters,t=Zr.filter(t=>e[t]);return t.length?v`<div class="chips" aria-label=${P(`reports.active_filters`)}>
      ${t.map(t=>v`<button class="chip" data-filter=${t} title=${P(`common.remove_filter`)} @click=${()=>this._remove(t)}>
          ${P(`reports.chip`,{label:P(`reports.filters.${t}`),value:this._chipValue(t,String(e[t]))})} ✕
        </button>`)}
    </div>`:b}render(){let e=Hn(this._filters),t=this._stats;return v`<div class="wrap">
      <div class="toolbar">
        <h2>${P(`reports.title`)}</h2>
        <div class="quick" role="group" aria-label=${P(`common.quick_range`)}>
          ${dn.map(t=>v`<button
              class="toggle"
              data-range=${t}
              aria-pressed=${e.range===t?`true`:`false`}
              title=${t===`1`?P(`common.last_24_hours`):P(`common.last_days`,{days:t})}
              @click=${()=>this._quick(t)}
            >
              ${P(`common.range_button`,{days:t})}
            </button>`)}
        </div>
        <a class="button" id="open-log" href=${sr(e,this.base)}
          @click=${t=>{t.ctrlKey||t.metaKey||t.shiftKey||t.button!==0||(t.preventDefault(),cr(sr(e,this.base)))}}>${P(`reports.open_log`)}</a>
      </div>
      ${this._chips()}
      ${this._error?v`<div class="banner-error">${this._error}</div>`:b}
      ${t?v`<gem-access-summary-cards
            .cards=${Kn(t)}
            @drill=${e=>this._drill(e.detail)}
          ></gem-access-summary-cards>`:b}
      <section class="card" id="timeline">
        <h3>
          ${P(`reports.timeline`)}
          <span class="muted" style="font-weight:400"
            >${P(`reports.per_bucket`,{bucket:P(`reports.bucket.${this._bucket}`)})}</span
          >
        </h3>
        ${this._series?v`<gem-access-timeline
              .series=${this._series}
              .bucket=${this._bucket}
              .timeZone=${this._tz}
              .locale=${this.hass?.locale?.language??this.hass?.language}
              .dark=${!!this.hass?.themes?.darkMode}
              @bucket-click=${this._onBucket}
            ></gem-access-timeline>`:v`<div class="placeholder muted">${this._loading?P(`common.loading`):``}</div>`}
      </section>
      <section class="card" id="heatmap">
        <h3>${P(`reports.peak_hours`)}</h3>
        <gem-access-heatmap .data=${t?.by_hour_of_week??[]}></gem-access-heatmap>
      </section>
      <div class="tops" @pick=${this._pick}>
        <section class="card">
          <gem-access-top-list id="top-users" kind="users" heading=${P(`reports.top_users`)} .entries=${t?.top_users??[]}></gem-access-top-list>
        </section>
        <section class="card">
          <gem-access-top-list id="top-devices" kind="devices" heading=${P(`reports.top_devices`)} .entries=${t?.top_devices??[]}></gem-access-top-list>
        </section>
        <section class="card">
          <gem-access-top-list id="top-reasons" kind="reasons" heading=${P(`reports.top_reasons`)} .entries=${t?.top_reasons??[]}></gem-access-top-list>
        </section>
      </div>
    </div>`}};Xr=Y,Xr.styles=[O,o`
      :host {
        display: block;
        height: 100%;
        overflow-y: auto;
      }
      .wrap {
        padding: 12px 16px 24px;
        display: flex;
        flex-direction: column;
        gap: 12px;
        max-width: 1400px;
      }
      .toolbar {
        display: flex;
        align-items: center;
        gap: 8px;
        flex-wrap: wrap;
      }
      .toolbar h2 {
        margin: 0;
        font-size: 20px;
        font-weight: 400;
        flex: 1;
      }
      .quick {
        display: flex;
        gap: 4px;
      }
      .quick button {
        min-width: 44px;
        justify-content: center;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .chip {
        min-height: 28px;
        padding: 2px 10px;
        border-radius: 14px;
        font-size: 13px;
        font-weight: 400;
      }
      section.card {
        padding: 12px 16px;
      }
      section h3 {
        margin: 0 0 8px;
        font-size: 15px;
        font-weight: 500;
      }
      .tops {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
        gap: 12px;
      }
      .placeholder {
        height: 258px;
        display: flex;
        align-items: center;
        justify-content: center;
      }
      :host([narrow]) .wrap {
        padding: 8px 8px 16px;
      }
    `],H([w({attribute:!1})],Y.prototype,`hass`,void 0),H([w({type:Boolean,reflect:!0})],Y.prototype,`narrow`,void 0),H([w()],Y.prototype,`base`,void 0),H([T()],Y.prototype,`_filters`,void 0),H([T()],Y.prototype,`_stats`,void 0),H([T()],Y.prototype,`_series`,void 0),H([T()],Y.prototype,`_bucket`,void 0),H([T()],Y.prototype,`_error`,void 0),H([T()],Y.prototype,`_loading`,void 0),H([T()],Y.prototype,`_choices`,void 0),D(`gem-access-reports-view`,Y);var Qr,X=class extends C{constructor(...e){super(...e),this.narrow=!1,this.collection=`users`,this.fields=[],this.columns=[],this.defaults={},this._records=[],this._loaded=!1,this._listError=``,this._creating=!1,this._values={},this._errors={},this._formError=``,this._saving=!1,this._haDevices=[],this._haDevicesRequested=!1,this._touched=/* @__PURE__ */ new Set,this._requested=!1}willUpdate(e){let t=e.has(`collection`)&&e.get(`collection`)!==void 0;this.hass&&(!this._requested||t)&&(this._requested=!0,this.refresh()),this.hass&&!this._haDevicesRequested&&this._wantsHaDevices()&&(this._haDevicesRequested=!0,this._loadHaDevices())}_wantsHaDevices(){return this.fields.some(e=>e.type===`driver-options`&&I(this._values[e.driverField??`driver`]).some(e=>e.key===`tag_device_id`))}async _loadHaDevices(){try{let e=await this.hass.callWS({type:`config/device_registry/list`});this._haDevices=[...e].sort((e,t)=>$r(e).localeCompare($r(t)))}catch{this._haDevices=[]}}async refresh(){try{this._records=await et(this.hass,this.collection),this._listError=``}catch(e){this._listError=k(e)}this._loaded=!0,this.dispatchEvent(new CustomEvent(`records-changed`,{bubbles:!0,composed:!0}))}_initialValues(e){let t={};for(let n of this.fields){let r=e?e[n.key]:this.defaults[n.key];n.type===`secret`||n.type===`secret-list`?t[n.key]=``:n.type===`multi`?t[n.key]=Array.isArray(r)?[...r]:[]:n.type===`schedule`?t[n.key]=Array.isArray(r)?structuredClone(r):[]:n.type===`bool`?t[n.key]=r??!1:n.type===`driver-options`?t[n.key]=zt(r):n.type===`select`&&n.required&&!r&&n.options?.length?t[n.key]=n.options[0].value:t[n.key]=r??``}return t}async edit(e){this._editing=e,this._creating=!e,this._values=this._initialValues(e),this._errors={},this._formError=``,this._touched=/* @__PURE__ */ new Set,await this.updateComplete,this._dialog?.open||this._dialog?.showModal()}_set(e,t){this._values={...this._values,[e]:t};let n=this.fields.find(t=>t.type===`driver-options`&&(t.driverField??`driver`)===e),r=t=>t===e||!!n&&(t===n.key||t.startsWith(`${n.key}.`));Object.keys(this._errors).some(r)&&(this._errors=Object.fromEntries(Object.entries(this._errors).filter(([e])=>!r(e))))}_setOption(e,t,n){let r={...this._values[e]??{},[t]:n};this._values={...this._values,[e]:r};let i=`${e}.${t}`;if(this._errors[i]||this._errors[e]){let{[i]:t,[e]:n,...r}=this._errors;this._errors=r}}_fieldMessage(e,t){let n=Ht(e),r=this.fields.find(t=>t.type===`driver-options`&&e.startsWith(`${t.key}.`)),i=r&&I(this._values[r.driverField??`driver`]).find(e=>e.key===n);return i?t.split(e).join(i.label):t}_errorKey(e){if(!e)return;if(this.fields.some(t=>t.key===e))return e;let t=Ht(e);if(t===void 0)return;let n=this.fields.find(t=>t.type===`driver-options`&&e.startsWith(`${t.key}.`)),r=n&&I(this._values[n.driverField??`driver`]);return r&&r.some(e=>e.key===t)?e:void 0}async _save(){this._saving=!0,this._errors={},this._formError=``;let e=Jt(this.fields,this._values,this._editing,this._touched);try{let t=this._editing?await nt(this.hass,this.collection,this._editing.id,e):await tt(this.hass,this.collection,e);await this.refresh();let n=t;this._creating&&this.extra?(this._editing=this._records.find(e=>e.id===n.id)??n,this._creating=!1,this._values=this._initialValues(this._editing),this._touched=/* @__PURE__ */ new Set):this._dialog?.close()}catch(e){let t=ht(e),n=this._errorKey(t);n?this._errors={[n]:this._fieldMessage(n,k(e))}:!t&&e?.translation_key===`invalid_name`?this._errors={name:k(e)}:this._formError=k(e),this._revealError()}finally{this._saving=!1}}async _revealError(){await this.updateComplete,this.renderRoot.querySelector(`#form-error, [data-field-error]`)?.scrollIntoView?.({block:`nearest`})}async _delete(){if(!this._editing)return;let e=P(`records.${this.collection}.delete_confirm`,{name:this._editing.name});if(window.confirm(e))try{await rt(this.hass,this.collection,this._editing.id),this._dialog?.close(),await this.refresh()}catch(e){this._formError=k(e),this._revealError()}}_entityOptions(e=[]){return Object.keys(this.hass?.states??{}).filter(t=>e.some(e=>t.startsWith(`${e}.`))).sort()}_field(e){let t=this._values[e.key],n=this._errors[e.key],r=`field-${e.key}`,i=e.type===`multi`||e.type===`schedule`||e.type===`secret-list`||e.type===`bool`,a=n?v`<span class="field-error" id="${r}-error" role="alert" data-field-error=${e.key}>${n}</span>`:b,o=e.help?v`<span class="help">${e.help}</span>`:b,s=`${i?`wide`:``} ${n?`invalid`:``}`;switch(e.type){case`bool`:return v`<div class=${s}>
          <label class="check"
            ><input
              id=${r}
              name=${e.key}
              type="checkbox"
              .checked=${!!t}
              @change=${t=>this._set(e.key,t.target.checked)}
            />${e.label}</label
          >
          ${o} ${a}
        </div>`;case`select`:return v`<label class="field ${s}"
          >${e.label}
          <select id=${r} name=${e.key} @change=${t=>this._set(e.key,t.target.value)}>
            ${e.required?b:v`<option value="" ?selected=${!t}>—</option>`}
            ${(e.options??[]).map(e=>v`<option value=${e.value} ?selected=${e.value===t}>${e.label}</option>`)}
          </select>
          ${o} ${a}
        </label>`;case`multi`:{let n=new Set(t);return v`<fieldset class="field ${s}" style="border:none;padding:0;margin:0">
          <legend class="muted" style="font-size:12px">${e.label}</legend>
          <div class="multi" id=${r}>
            ${(e.options??[]).length?(e.options??[]).map(t=>v`<label class="check"
                    ><input
                      type="checkbox"
                      name=${e.key}
                      value=${t.value}
                      .checked=${n.has(t.value)}
                      @change=${r=>{let i=new Set(n);r.target.checked?i.add(t.value):i.delete(t.value),this._set(e.key,[...i])}}
                    />${t.label}</label
                  >`):v`<span class="muted">${P(`records.none_configured`)}</span>`}
          </div>
          ${o} ${a}
        </fieldset>`}case`schedule`:return this._schedule(e,t??[],s,a);case`driver-options`:return this._driverOptions(e,t??{},a);case`secret`:case`secret-list`:{let n=e.stored?.(this._editing)??``;return v`<label class="field ${s}"
          >${e.label}
          ${this._editing?v`<span class="stored" data-stored=${e.key}>${n}</span>`:b}
          <input
            id=${r}
            name=${e.key}
            type="password"
            autocomplete="new-password"
            placeholder=${this._editing?e.type===`secret-list`?P(`records.replace_all`):P(`records.replace`):e.type===`secret-list`?P(`records.comma_separated`):``}
            .value=${String(t??``)}
            @input=${t=>{let n=t.target.value;n?this._touched.add(e.key):this._touched.delete(e.key),this._set(e.key,n)}}
          />
          ${this._editing&&e.optional&&n!==L(0)?v`<button
                type="button"
                class="flat"
                style="align-self:flex-start"
                @click=${()=>{this._touched.add(e.key),this._set(e.key,(e.type,``)),this._formError=``,this._clearSecret(e)}}
              >
                ${P(`common.remove`)}
              </button>`:b}
          ${o} ${a}
        </label>`}case`entity`:{let n=`${r}-list`;return v`<label class="field ${s}"
          >${e.label}
          <input
            id=${r}
            name=${e.key}
            list=${n}
            placeholder=${(e.domains??[]).map(e=>`${e}.…`).join(P(`common.or`))}
            .value=${String(t??``)}
            @input=${t=>this._set(e.key,t.target.value.trim())}
          />
          <datalist id=${n}>
            ${this._entityOptions(e.domains).map(e=>v`<option value=${e}></option>`)}
          </datalist>
          ${o} ${a}
        </label>`}default:return v`<label class="field ${s}"
          >${e.label}
          <input
            id=${r}
            name=${e.key}
            type=${e.type===`number`?`number`:e.type===`date`?`date`:`text`}
            min=${e.min??``}
            max=${e.max??``}
            ?required=${!!e.required}
            .value=${String(t??``)}
            @input=${t=>this._set(e.key,t.target.value)}
          />
          ${o} ${a}
        </label>`}}_driverOptions(e,t,n){let r=this._values[e.driverField??`driver`],i=Ft(r);return v`${i?v`<div class="wide help driver-note" data-driver-note=${String(r)} role="note">${i}</div>`:b}${n===b?b:v`<div class="wide invalid">${n}</div>`}${I(r).map(n=>this._optionField(e.key,n,t))}`}_optionField(e,t,n){let r=`${e}.${t.key}`,i=`field-${e}-${t.key}`,a=this._errors[r],o=n[t.key]??``,s=a?v`<span class="field-error" id="${i}-error" role="alert" data-field-error=${r}>${a}</span>`:b,c=n=>this._setOption(e,t.key,n.target.value),l=t.help?v`<span class="help">${t.help}</span>`:b;if(t.type===`select`)return v`<label class="field ${a?`invalid`:``}" data-option=${t.key}
        >${t.label}
        <select id=${i} name=${r} aria-invalid=${a?`true`:`false`} @change=${c}>
          <option value="" ?selected=${o===``}>—</option>
          ${(t.options??[]).map(e=>v`<option value=${e.value} ?selected=${o===e.value}>${e.label}</option>`)}
        </select>
        ${l} ${s}
      </label>`;if(t.type===`bool`)return v`<label class="field ${a?`invalid`:``}" data-option=${t.key}>
        <span
          ><input
            id=${i}
            name=${r}
            type="checkbox"
            .checked=${o===`true`}
            @change=${n=>this._setOption(e,t.key,String(n.target.checked))}
          />
          ${t.label}</span
        >
        ${l} ${s}
      </label>`;let u=b,d=``,ee=b;if(t.key===`baudrate`)d=`${i}-list`,u=v`<datalist id=${d}>
        ${Nt.map(e=>v`<option value=${e}></option>`)}
      </datalist>`;else if(t.key===`tag_device_id`){d=`${i}-list`,u=v`<datalist id=${d}>
        ${this._haDevices.map(e=>v`<option value=${e.id}>${$r(e)}</option>`)}
      </datalist>`;let e=this._haDevices.find(e=>e.id===o.trim());e&&(ee=v`<span class="stored" data-device-name>${$r(e)}</span>`)}return v`<label class="field ${a?`invalid`:``}" data-option=${t.key}
      >${t.label}
      <input
        id=${i}
        name=${r}
        type=${t.type===`number`?`number`:`text`}
        min=${t.min??``}
        max=${t.max??``}
        step=${t.type===`number`?t.key===`baudrate`?`1`:`any`:b}
        list=${d||b}
        placeholder=${t.key===`port`?`/dev/serial/by-id/…`:t.key===`baudrate`?`9600`:``}
        autocomplete="off"
        aria-invalid=${a?`true`:`false`}
        aria-describedby=${a?`${i}-error`:b}
        .value=${o}
        @input=${c}
      />
      ${u} ${ee} ${l} ${s}
    </label>`}async _clearSecret(e){if(this._editing)try{await nt(this.hass,this.collection,this._editing.id,{[e.key]:e.type===`secret-list`?[]:null}),this._touched.delete(e.key),await this.refresh(),this._editing=this._records.find(e=>e.id===this._editing.id)??this._editing}catch(t){this._errors={...this._errors,[e.key]:k(t)}}}_schedule(e,t,n,r){let i=(n,r)=>{let i=t.slice();i[n]=r,this._set(e.key,i)};return v`<div class="${n}" id="field-${e.key}">
      <div class="muted" style="font-size:12px;margin-bottom:6px">${e.label}</div>
      ${t.length?b:v`<div class="help" style="margin-bottom:8px">${P(`records.schedule.no_windows`)}</div>`}
      ${t.map((n,r)=>v`<div class="window" data-window=${r}>
          <div class="days" role="group" aria-label=${P(`records.schedule.days`)}>
            ${Wt.map(e=>v`<label class="check"
                ><input
                  type="checkbox"
                  data-day=${e}
                  .checked=${n.days.includes(e)}
                  @change=${t=>{let a=t.target.checked,o=Wt.filter(t=>t===e?a:n.days.includes(t));i(r,{...n,days:o})}}
                />${Gt(e)}</label
              >`)}
          </div>
          <label class="check"
            >${P(`records.schedule.from`)}
            <input
              type="time"
              data-part="start"
              .value=${n.start}
              @change=${e=>i(r,{...n,start:e.target.value})}
          /></label>
          <label class="check"
            >${P(`records.schedule.to`)}
            <input
              type="time"
              data-part="end"
              .value=${n.end}
              @change=${e=>i(r,{...n,end:e.target.value})}
          /></label>
          <button
            type="button"
            class="flat"
            aria-label=${P(`records.schedule.remove_window`)}
            @click=${()=>this._set(e.key,t.filter((e,t)=>t!==r))}
          >
            ✕
          </button>
        </div>`)}
      <button type="button" id="add-window" @click=${()=>this._set(e.key,[...t,Yt()])}>
        ${P(`records.schedule.add_window`)}
      </button>
      <div class="help">${P(`records.schedule.overnight`)}</div>
      ${r}
    </div>`}_list(){return this._loaded?this._records.length?this.narrow?v`<div class="cards">
        ${this._records.map(e=>v`<button class="reccard card" data-id=${e.id} @click=${()=>this.edit(e)}>
            <span class="name">${e.name}</span>
            ${this.columns.slice(1).map(t=>v`<span class="kv"><span class="k">${t.label}:</span><span>${t.render(e)}</span></span>`)}
          </button>`)}
      </div>`:v`<div class="card" style="overflow:auto">
      <table>
        <thead>
          <tr>
            ${this.columns.map(e=>v`<th>${e.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${this._records.map(e=>v`<tr class="rec" data-id=${e.id} tabindex="0" @click=${()=>this.edit(e)}
              @keydown=${t=>t.key===`Enter`&&this.edit(e)}>
              ${this.columns.map(t=>v`<td>${t.render(e)}</td>`)}
            </tr>`)}
        </tbody>
      </table>
    </div>`:v`<div class="card empty muted">${P(`records.${this.collection}.empty`)}</div>`:v`<div class="muted empty">${P(`common.loading`)}</div>`}render(){let e=this.collection,t=P(`records.${e}.intro`);return v`
      <div class="head">
        <h2>${P(`records.${e}.heading`)}</h2>
        <button class="primary" id="add-record" @click=${()=>this.edit()}>${P(`records.${e}.add`)}</button>
      </div>
      ${t?v`<p class="muted" style="margin-top:0">${t}</p>`:b}
      ${this._listError?v`<div class="banner-error">${this._listError}</div>`:b} ${this._list()}
      <dialog aria-labelledby="edit-title" @close=${()=>this._editing=void 0}>
        <div class="dlg-head">
          <h2 id="edit-title">
            ${this._editing?P(`records.${e}.edit`):P(`records.${e}.new`)}
          </h2>
          <button class="flat" aria-label=${P(`common.close`)} @click=${()=>this._dialog?.close()}>✕</button>
        </div>
        <form
          class="dlg-body"
          @submit=${e=>{e.preventDefault(),this._save()}}
        >
          ${this._formError?v`<div class="banner-error" id="form-error" role="alert">${this._formError}</div>`:b}
          <div class="form">${this.fields.map(e=>this._field(e))}</div>
          ${this._editing&&this.extra?this.extra(this._editing,()=>this._afterExtra()):b}
          <button type="submit" hidden></button>
        </form>
        <div class="dlg-actions">
          ${this._editing?v`<button class="flat" style="color:var(--ga-error)" id="delete-record" @click=${this._delete}>
                ${P(`common.delete`)}
              </button>`:b}
          <span class="spacer"></span>
          <button @click=${()=>this._dialog?.close()}>${P(`common.cancel`)}</button>
          <button class="primary" id="save-record" ?disabled=${this._saving} @click=${this._save}>
            ${this._saving?P(`common.saving`):P(`common.save`)}
          </button>
        </div>
      </dialog>
    `}async _afterExtra(){await this.refresh(),this._editing&&=this._records.find(e=>e.id===this._editing.id)??this._editing}};Qr=X,Qr.styles=[O,o`
      :host {
        display: block;
        padding: 12px 16px 24px;
        overflow: auto;
        height: 100%;
      }
      :host([narrow]) {
        padding: 8px;
      }
      .head {
        display: flex;
        align-items: center;
        gap: 8px;
        margin-bottom: 12px;
      }
      .head h2 {
        flex: 1;
        margin: 0;
        font-size: 20px;
        font-weight: 400;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 14px;
      }
      th {
        text-align: left;
        font-size: 12px;
        text-transform: uppercase;
        color: var(--ga-muted);
        font-weight: 500;
        padding: 10px 12px;
        border-bottom: 1px solid var(--ga-border);
      }
      td {
        padding: 10px 12px;
        border-bottom: 1px solid var(--ga-border);
        vertical-align: middle;
      }
      tr.rec {
        cursor: pointer;
      }
      tr.rec:hover {
        background: rgba(127, 127, 127, 0.06);
      }
      .cards {
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .reccard {
        padding: 12px;
        cursor: pointer;
        display: grid;
        gap: 4px;
        font-size: 14px;
        text-align: left;
        width: 100%;
      }
      .reccard .name {
        font-weight: 500;
        font-size: 15px;
      }
      .kv {
        display: flex;
        gap: 6px;
      }
      .kv .k {
        color: var(--ga-muted);
      }
      .form {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 12px 16px;
      }
      :host([narrow]) .form {
        grid-template-columns: 1fr;
      }
      .form .wide {
        grid-column: 1 / -1;
      }
      .form input:not([type="checkbox"]),
      .form select {
        width: 100%;
      }
      .stored {
        font-size: 13px;
        color: var(--primary-text-color);
      }
      .help {
        font-size: 12px;
        color: var(--ga-muted);
      }
      .multi {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 16px;
        padding: 6px 0;
      }
      .window {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 12px;
        align-items: center;
        padding: 8px;
        border: 1px solid var(--ga-border);
        border-radius: 8px;
        margin-bottom: 8px;
      }
      .window .days {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 10px;
      }
      .window input[type="time"] {
        width: 120px !important;
      }
      .field-error {
        color: var(--ga-error);
        font-size: 12px;
      }
      .invalid input,
      .invalid select {
        border-color: var(--ga-error);
      }
      .dlg-actions .spacer {
        flex: 1;
      }
      .empty {
        padding: 24px;
        text-align: center;
      }
    `],H([w({attribute:!1})],X.prototype,`hass`,void 0),H([w({type:Boolean,reflect:!0})],X.prototype,`narrow`,void 0),H([w()],X.prototype,`collection`,void 0),H([w({attribute:!1})],X.prototype,`fields`,void 0),H([w({attribute:!1})],X.prototype,`columns`,void 0),H([w({attribute:!1})],X.prototype,`defaults`,void 0),H([w({attribute:!1})],X.prototype,`extra`,void 0),H([T()],X.prototype,`_records`,void 0),H([T()],X.prototype,`_loaded`,void 0),H([T()],X.prototype,`_listError`,void 0),H([T()],X.prototype,`_editing`,void 0),H([T()],X.prototype,`_creating`,void 0),H([T()],X.prototype,`_values`,void 0),H([T()],X.prototype,`_errors`,void 0),H([T()],X.prototype,`_formError`,void 0),H([T()],X.prototype,`_saving`,void 0),H([T()],X.prototype,`_haDevices`,void 0),H([E(`dialog`)],X.prototype,`_dialog`,void 0);function $r(e){return e.name_by_user||e.name||e.id}D(`gem-access-records-view`,X);var ei,ti=[{key:`retention_days`,min:0,max:36500},{key:`snapshot_retention_days`,min:0,max:36500},{key:`cooldown_failures`,min:0,max:100},{key:`cooldown_window_s`,min:1,max:86400},{key:`cooldown_s`,min:0,max:86400},{key:`forced_grace_s`,min:0,max:300},{key:`default_held_open_threshold_sec`,min:5,max:86400,optional:!0},{key:`match_green_threshold`,min:1,max:100},{key:`match_amber_threshold`,min:0,max:100}],Z=class extends C{constructor(...e){super(...e),this.narrow=!1,this._values={},this._ack=!1,this._errors={},this._formError=``,this._saved=!1,this._saving=!1,this._erased=``,this._requested=!1,this._eraseBiometrics=async()=>{if(confirm(P(`settings.face.delete_confirm`)))try{let e=await at(this.hass,!1);this._erased=F(`settings.face.deleted`,e.embeddings)}catch(e){this._formError=k(e)}}}willUpdate(){this.hass&&!this._requested&&(this._requested=!0,this._load())}async _load(){try{this._settings=await ot(this.hass),this._values={...this._settings},this._ack=!1}catch(e){this._formError=k(e)}}_set(e,t){this._values={...this._values,[e]:t},this._saved=!1,this._errors[e]&&(this._errors={})}get _turningOn(){return!!this._values.facial_recognition_enabled&&!this._settings?.facial_recognition_enabled}async _save(){if(!this._settings)return;this._errors={},this._formError=``;let e={};for(let t of ti){let n=this._values[t.key],r=n===``||n==null?t.optional?null:n:Number(n);r!==this._settings[t.key]&&(e[t.key]=r)}let t=String(this._values.frigate_url??``).trim()||null;if(t!==(this._settings.frigate_url??null)&&(e.frigate_url=t),this._values.facial_recognition_enabled!==this._settings.facial_recognition_enabled&&(e.facial_recognition_enabled=!!this._values.facial_recognition_enabled,this._turningOn)){if(!this._ack){this._errors={privacy_acknowledged:P(`settings.face.acknowledge_required`)};return}e.privacy_acknowledged=!0}if(!Object.keys(e).length)this._saved=!0;else{this._saving=!0;try{this._settings=await st(this.hass,e),this._values={...this._settings},this._ack=!1,this._saved=!0}catch(e){let t=ht(e);t?this._errors={[t]:k(e)}:e.translation_key===`privacy_acknowledgement_required`?this._errors={privacy_acknowledged:k(e)}:this._formError=k(e)}finally{this._saving=!1}}}_biometrics(){let e=this._settings,t=!this._values.facial_recognition_enabled&&e.facial_recognition_enabled,n=e.privacy_acknowledged_at?new Date(e.privacy_acknowledged_at).toLocaleString():``;return v`${e.privacy_acknowledged&&e.privacy_acknowledged_at?v`<div class="help" id="privacy-ack">
            ${e.privacy_acknowledged_by?P(`settings.face.acknowledged_by`,{user:e.privacy_acknowledged_by,date:n}):P(`settings.face.acknowledged`,{date:n})}
          </div>`:b}
      <div class="actions">
        <button id="delete-biometrics" class=${t?`primary`:`flat`} @click=${this._eraseBiometrics}>
          ${P(`settings.face.delete_biometrics`)}
        </button>
        <span class="help">
          ${P(t?`settings.face.delete_hint_off`:`settings.face.delete_hint`)}
        </span>
      </div>
      ${this._erased?v`<div class="ok" role="status" id="biometrics-erased">${this._erased}</div>`:b}`}render(){if(!this._settings)return v`<h2>${P(`settings.title`)}</h2>
        ${this._formError?v`<div class="banner-error">${this._formError}</div>`:v`<p class="muted">${P(`common.loading`)}</p>`}`;let e=this._values;return v`<h2>${P(`settings.title`)}</h2>
      ${this._formError?v`<div class="banner-error" id="form-error">${this._formError}</div>`:b}
      <section class="card">
        <h3>${P(`settings.face.heading`)}</h3>
        <label class="check">
          <input
            id="field-facial_recognition_enabled"
            type="checkbox"
            .checked=${!!e.facial_recognition_enabled}
            @change=${e=>this._set(`facial_recognition_enabled`,e.target.checked)}
          />
          ${P(`settings.face.enable`)}
        </label>
        ${this._turningOn?v`<div class="privacy">${P(`settings.face.privacy`)}</div>
              <label class="check">
                <input
                  id="field-privacy_acknowledged"
                  type="checkbox"
                  .checked=${this._ack}
                  @change=${e=>{this._ack=e.target.checked,this._errors={}}}
                />
                ${P(`settings.face.acknowledge`)}
              </label>`:b}
        ${this._biometrics()}
        ${this._errors.privacy_acknowledged||this._errors.facial_recognition_enabled?v`<div class="field-error" role="alert" data-field-error="privacy_acknowledged">
              ${this._errors.privacy_acknowledged||this._errors.facial_recognition_enabled}
            </div>`:b}
      </section>
      <section class="card">
        <h3>${P(`settings.numbers.heading`)}</h3>
        <div class="grid">
          ${ti.map(t=>{let n=P(`settings.numbers.${t.key}_help`);return v`<label class="field">
              ${P(`settings.numbers.${t.key}`)}
              <input
                id="field-${t.key}"
                type="number"
                min=${t.min}
                max=${t.max}
                step="1"
                .value=${e[t.key]===null||e[t.key]===void 0?``:String(e[t.key])}
                @input=${e=>this._set(t.key,e.target.value)}
              />
              ${n?v`<span class="help">${n}</span>`:b}
              ${this._errors[t.key]?v`<span class="field-error" role="alert" data-field-error=${t.key}>${this._errors[t.key]}</span>`:b}
            </label>`})}
        </div>
      </section>
      <section class="card">
        <h3>${P(`settings.nvr.heading`)}</h3>
        <label class="field">
          ${P(`settings.nvr.frigate_url`)}
          <input
            id="field-frigate_url"
            type="url"
            inputmode="url"
            placeholder="http://192.168.1.10:5000"
            .value=${String(e.frigate_url??``)}
            @input=${e=>this._set(`frigate_url`,e.target.value)}
          />
          <span class="help">${P(`settings.nvr.frigate_url_help`)}</span>
          ${this._errors.frigate_url?v`<span class="field-error" role="alert" data-field-error="frigate_url">${this._errors.frigate_url}</span>`:b}
        </label>
      </section>
      <div class="actions">
        <button class="primary" id="save-settings" ?disabled=${this._saving} @click=${this._save}>
          ${this._saving?P(`common.saving`):P(`common.save`)}
        </button>
        ${this._saved?v`<span class="ok" role="status">${P(`common.saved`)}</span>`:b}
      </div>`}};ei=Z,ei.styles=[O,o`
      :host {
        display: block;
        padding: 12px 16px 24px;
        overflow: auto;
        height: 100%;
      }
      :host([narrow]) {
        padding: 8px;
      }
      h2 {
        font-size: 20px;
        font-weight: 400;
        margin: 0 0 12px;
      }
      section {
        padding: 16px;
        margin-bottom: 16px;
        max-width: 820px;
      }
      h3 {
        margin: 0 0 8px;
        font-weight: 500;
        font-size: 16px;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(230px, 1fr));
        gap: 12px 16px;
      }
      .grid input {
        width: 100%;
      }
      .privacy {
        font-size: 13px;
        border-left: 4px solid var(--ga-warning);
        padding: 8px 12px;
        margin: 8px 0;
        line-height: 1.5;
      }
      .help {
        font-size: 12px;
        color: var(--ga-muted);
      }
      .field-error {
        color: var(--ga-error);
        font-size: 12px;
      }
      .actions {
        display: flex;
        gap: 12px;
        align-items: center;
      }
      .ok {
        color: var(--ga-success);
      }
    `],H([w({attribute:!1})],Z.prototype,`hass`,void 0),H([w({type:Boolean,reflect:!0})],Z.prototype,`narrow`,void 0),H([T()],Z.prototype,`_settings`,void 0),H([T()],Z.prototype,`_values`,void 0),H([T()],Z.prototype,`_ack`,void 0),H([T()],Z.prototype,`_errors`,void 0),H([T()],Z.prototype,`_formError`,void 0),H([T()],Z.prototype,`_saved`,void 0),H([T()],Z.prototype,`_saving`,void 0),H([T()],Z.prototype,`_erased`,void 0),D(`gem-access-settings-view`,Z);var ni,ri=5242880;function ii(e){let t=e?.code;return t===`http_415`?P(`photo.not_image`):t===`http_413`?P(`photo.too_large`):P(`photo.upload_failed`,{error:k(e)})}var ai=e=>Ct(`embedding_error`,e)??P(`photo.not_enrolled_error`,{error:e}),Q=class extends C{constructor(...e){super(...e),this._status=``,this._error=``,this._busy=!1,this._shownFor=``,this._userId=``}willUpdate(){this.user&&this.user.id!==this._userId&&(this._userId=this.user.id,this._status=``,this._error=``);let e=`${this.user?.id}|${this.user?.has_photo}`;this.user&&e!==this._shownFor&&(this._shownFor=e,this._load())}async _load(){if(this._revoke(),!this.user.has_photo)this._url=null;else try{this._url=await ft(this.hass,this.user.id)}catch{this._url=null}}_revoke(){this._url&&URL.revokeObjectURL(this._url),this._url=void 0}disconnectedCallback(){super.disconnectedCallback(),this._revoke(),this._shownFor=``}async _upload(e){let t=e.target,n=t.files?.[0];if(n){if(n.size>ri)this._status=``,this._error=ii({code:`http_413`}),t.value=``;else{this._busy=!0,this._error=``,this._status=``;try{let e=await pt(this.hass,this.user.id,n);this._status=e.has_photo===!1?``:P(`photo.saved`),this._shownFor=``,this.dispatchEvent(new CustomEvent(`photo-changed`))}catch(e){this._status=``,this._error=ii(e)}finally{this._busy=!1,t.value=``}}}}async _remove(){this._busy=!0,this._error=``;try{await mt(this.hass,this.user.id),this._status=P(`photo.removed`),this._shownFor=``,this.dispatchEvent(new CustomEvent(`photo-changed`))}catch(e){this._error=P(`photo.remove_failed`,{error:k(e)})}finally{this._busy=!1}}render(){let e=this.user,t=e.facial_recognition_embedding_error;return v`<div class="muted" style="font-size:12px;margin-bottom:6px">${P(`photo.heading`)}</div>
      <div class="row">
        ${this._url?v`<img class="thumb" src=${this._url} alt=${P(`photo.alt`,{name:e.name})} />`:v`<div class="thumb">${this._url===null?P(`photo.none`):`…`}</div>`}
        <div class="col">
          <div id="photo-status" role="status">
            ${e.has_photo?t?v`<span class="error-text">${ai(t)}</span>`:e.facial_recognition_enrolled?v`<span class="ok" data-face="enrolled"
                      >${e.facial_recognition_enabled?P(`photo.enrolled`):P(`photo.enrolled_opted_out`)}</span
                    >`:v`<span class="muted" data-face="not-enrolled">${P(`photo.not_enrolled`)}</span>`:v`<span class="muted">${P(`photo.no_photo_status`)}</span>`}
          </div>
          <label class="button upload" style="align-self:flex-start">
            ${this._busy?P(`photo.uploading`):e.has_photo?P(`photo.replace`):P(`photo.upload`)}
            <input
              id="photo-file"
              class="sr-only"
              type="file"
              accept="image/jpeg,image/png"
              aria-describedby="photo-status photo-hint"
              ?disabled=${this._busy}
              @change=${this._upload}
            />
          </label>
          <span class="hint" id="photo-hint">${P(`photo.hint`)}</span>
          ${e.has_photo?v`<button
                id="photo-remove"
                class="flat"
                style="align-self:flex-start"
                ?disabled=${this._busy}
                @click=${this._remove}
              >
                ${P(`photo.remove`)}
              </button>`:b}
          ${this._status?v`<span class="ok" id="photo-result">${this._status}</span>`:b}
          ${this._error?v`<span class="error-text" id="photo-error" role="alert">${this._error}</span>`:b}
        </div>
      </div>`}};ni=Q,ni.styles=[O,o`
      :host {
        display: block;
        margin-top: 16px;
        padding-top: 12px;
        border-top: 1px solid var(--ga-border);
      }
      .row {
        display: flex;
        gap: 16px;
        align-items: flex-start;
        flex-wrap: wrap;
      }
      .thumb {
        width: 96px;
        height: 96px;
        border-radius: 8px;
        object-fit: cover;
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
        display: flex;
        align-items: center;
        justify-content: center;
        font-size: 12px;
        color: var(--ga-muted);
        text-align: center;
      }
      .col {
        display: flex;
        flex-direction: column;
        gap: 6px;
        flex: 1;
        min-width: 200px;
      }
      .ok {
        color: var(--ga-success);
        font-size: 13px;
      }
      .hint {
        font-size: 12px;
        color: var(--ga-muted);
      }
      label.upload {
        position: relative;
      }
      label.upload:focus-within {
        outline: 2px solid var(--primary-color);
        outline-offset: 1px;
      }
    `],H([w({attribute:!1})],Q.prototype,`hass`,void 0),H([w({attribute:!1})],Q.prototype,`user`,void 0),H([T()],Q.prototype,`_url`,void 0),H([T()],Q.prototype,`_status`,void 0),H([T()],Q.prototype,`_error`,void 0),H([T()],Q.prototype,`_busy`,void 0),D(`gem-access-user-photo`,Q);var oi;yt(At);var si=[{path:``,name:`log`},{path:`reports`,name:`reports`},{path:`users`,name:`users`},{path:`devices`,name:`devices`},{path:`doors`,name:`doors`},{path:`rules`,name:`rules`},{path:`settings`,name:`settings`}];function ci(e){let t=(e?.path??``).split(`/`).filter(Boolean)[0]??``;return si.some(e=>e.path===t)&&t!==`log`?t:``}var $=class extends C{constructor(...e){super(...e),this.narrow=!1,this._lookups={doors:[],devices:[],users:[]},this._faceOn=!0,this._lookupsFor=``}willUpdate(e){e.has(`hass`)&&(this.toggleAttribute(`dark`,!!this.hass?.themes?.darkMode),bt(xt(this.hass)));let t=ci(this.route),n=[`users`,`devices`,`rules`].includes(t);this.hass&&n&&this._lookupsFor!==t?(this._lookupsFor=t,this._loadLookups()):n||(this._lookupsFor=``)}async _loadLookups(){try{let[e,t,n,r]=await Promise.all([et(this.hass,`doors`),et(this.hass,`devices`),et(this.hass,`users`),ot(this.hass)]);this._lookups={doors:e,devices:t,users:n},this._faceOn=!!r.facial_recognition_enabled}catch{}}_base(){return`/${this.panel?.url_path??this.route?.prefix?.replace(/^\//,``)??`gem-access`}`}_navigate(e,t){if(e.ctrlKey||e.metaKey||e.shiftKey||e.button!==0)return;e.preventDefault();let n=[``,`reports`].includes(t)&&[``,`reports`].includes(ci(this.route)),r=(t?`${this._base()}/${t}`:this._base())+(n?window.location.search:``);`${window.location.pathname}${n?window.location.search:``}`!==r&&(window.history.pushState(null,``,r),window.dispatchEvent(new CustomEvent(`location-changed`,{detail:{replace:!1}})))}_toggleMenu(){this.dispatchEvent(new CustomEvent(`hass-toggle-menu`,{bubbles:!0,composed:!0}))}_content(e){let t=this._lookups,n={hass:this.hass,narrow:this.narrow},r=()=>void this._loadLookups();switch(e){case`users`:return v`<gem-access-records-view
          .hass=${n.hass}
          .narrow=${n.narrow}
          collection="users"
          .fields=${fr()}
          .columns=${pr(this._faceOn)}
          .defaults=${{enabled:!0,facial_recognition_enabled:!0}}
          .extra=${(e,t)=>v`<gem-access-user-photo
              .hass=${this.hass}
              .user=${e}
              @photo-changed=${t}
            ></gem-access-user-photo>`}
          @records-changed=${r}
        ></gem-access-records-view>`;case`devices`:return v`<gem-access-records-view
          .hass=${n.hass}
          .narrow=${n.narrow}
          collection="devices"
          .fields=${vr(t)}
          .columns=${yr(t)}
          .defaults=${{driver:`virtual`,door_id:t.doors[0]?.id??``}}
          @records-changed=${r}
        ></gem-access-records-view>`;case`doors`:return v`<gem-access-records-view
          .hass=${n.hass}
          .narrow=${n.narrow}
          collection="doors"
          .fields=${mr()}
          .columns=${hr()}
          .defaults=${{strike_time_s:5}}
          @records-changed=${r}
        ></gem-access-records-view>`;case`rules`:return v`<gem-access-records-view
          .hass=${n.hass}
          .narrow=${n.narrow}
          collection="rules"
          .fields=${br(t)}
          .columns=${Sr(t)}
          .defaults=${{enabled:!0,device_ids:[],user_ids:[],schedule:[]}}
          @records-changed=${r}
        ></gem-access-records-view>`;case`settings`:return v`<gem-access-settings-view .hass=${this.hass} .narrow=${this.narrow}></gem-access-settings-view>`;case`reports`:return v`<gem-access-reports-view
          .hass=${this.hass}
          .narrow=${this.narrow}
          .base=${this._base()}
        ></gem-access-reports-view>`;default:return v`<gem-access-log-view .hass=${this.hass} .narrow=${this.narrow}></gem-access-log-view>`}}render(){if(!this.hass)return b;let e=ci(this.route);return v`
      <header>
        ${this.narrow?v`<button class="menu" aria-label=${P(`panel.menu`)} @click=${this._toggleMenu}>
              <svg viewBox="0 0 24 24"><path d="M3,6H21V8H3V6M3,11H21V13H3V11M3,16H21V18H3V16Z" /></svg>
            </button>`:b}
        <span class="title">${P(`panel.title`)}</span>
      </header>
      <nav aria-label=${P(`panel.sections`)}>
        ${si.map(t=>v`<a
            href=${t.path?`${this._base()}/${t.path}`:this._base()}
            data-tab=${t.path||`log`}
            aria-current=${t.path===e?`page`:`false`}
            @click=${e=>this._navigate(e,t.path)}
            >${P(`panel.tabs.${t.name}`)}</a
          >`)}
      </nav>
      <main>${this._content(e)}</main>
    `}};oi=$,oi.styles=[O,o`
      :host {
        display: flex;
        flex-direction: column;
        height: 100%;
        background: var(--primary-background-color);
        overflow: hidden;
      }
      :host([dark]) {
        color-scheme: dark;
      }
      header {
        display: flex;
        align-items: center;
        gap: 8px;
        min-height: var(--header-height, 56px);
        padding: 0 12px;
        background: var(--app-header-background-color, var(--primary-color));
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        border-bottom: var(--app-header-border-bottom, none);
        flex-shrink: 0;
      }
      header .title {
        font-size: 20px;
        font-weight: 400;
        white-space: nowrap;
      }
      .menu {
        background: transparent;
        border: none;
        color: inherit;
        min-height: 40px;
        width: 40px;
        padding: 8px;
        justify-content: center;
      }
      .menu:hover:not(:disabled) {
        background: rgba(255, 255, 255, 0.12);
      }
      .menu svg {
        width: 24px;
        height: 24px;
        fill: currentColor;
      }
      nav {
        display: flex;
        gap: 0;
        overflow-x: auto;
        scrollbar-width: none;
        background: var(--app-header-background-color, var(--primary-color));
        flex-shrink: 0;
        padding: 0 8px;
      }
      nav a {
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        opacity: 0.75;
        text-decoration: none;
        padding: 10px 14px 8px;
        font-size: 14px;
        font-weight: 500;
        border-bottom: 2px solid transparent;
        white-space: nowrap;
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      nav a[aria-current="page"] {
        opacity: 1;
        border-bottom-color: var(--app-header-text-color, var(--text-primary-color, #fff));
      }
      nav a:focus-visible {
        outline: 2px solid currentColor;
        outline-offset: -4px;
      }
      main {
        flex: 1;
        min-height: 0;
        overflow: hidden;
      }
      :host([narrow]) nav {
        padding: 0 4px;
      }
      :host([narrow]) nav a {
        padding: 10px 7px 8px;
        font-size: 12px;
        letter-spacing: 0.02em;
      }
    `],H([w({attribute:!1})],$.prototype,`hass`,void 0),H([w({type:Boolean,reflect:!0})],$.prototype,`narrow`,void 0),H([w({attribute:!1})],$.prototype,`route`,void 0),H([w({attribute:!1})],$.prototype,`panel`,void 0),H([T()],$.prototype,`_lookups`,void 0),H([T()],$.prototype,`_faceOn`,void 0),D(`gem-access-panel`,$);export{$ as GemAccessPanel,ci as tabOf};